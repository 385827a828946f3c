import type { Action, Block, Reply } from '../../core/commands/reply.ts';

const TONE_PREFIX = { info: 'i', success: '✓', warning: '!', error: '✗' } as const;

/** Renders a Reply as plain text for a terminal: one block after another, buttons as commands to type. */
export function renderText(reply: Reply): string {
  return `${reply.blocks.map(renderBlock).join('\n')}\n`;
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `== ${block.text} ==`;
    case 'text':
      return block.text;
    case 'fields':
      return block.fields.map((field) => `${field.label}: ${field.value}`).join('\n');
    case 'list': {
      const items = block.items.map((item, index) =>
        [
          block.isNumbered === false ? `${item.title}:` : `${index + 1}. ${item.title}`,
          ...item.lines.map((line) => `   ${line}`),
          ...(item.actions?.length ? [`   ${renderActions(item.actions)}`] : []),
        ].join('\n'),
      );
      if (block.moreCount) items.push(`… and ${block.moreCount} more`);
      return items.join('\n');
    }
    case 'actions':
      return renderActions(block.actions);
    case 'notice':
      return `${TONE_PREFIX[block.tone]} ${block.text}`;
    case 'divider':
      return '—'.repeat(24);
  }
}

function renderActions(actions: Action[]): string {
  return actions.map((action) => `[${action.label}: ${action.command}]`).join('  ');
}
