import type { Action, Block, Reply, ReplyFile } from '../../core/commands/reply.ts';

const TONE_PREFIX = { info: 'i', success: '✓', warning: '!', error: '✗' } as const;

/** Renders a Reply as plain text for a terminal: one block after another, buttons as commands to type. */
export function renderText(reply: Reply): string {
  return `${[...reply.blocks.map(renderBlock), ...(reply.files ?? []).map(renderFile)].join('\n')}\n`;
}

/** A terminal cannot take an attachment: name it, and print text files so they can be copied. */
function renderFile(file: ReplyFile): string {
  const header = `📎 ${file.name} (${file.mimeType}, ${Buffer.byteLength(file.content, 'utf8')} bytes)`;
  return file.mimeType.startsWith('text/')
    ? `${header}\n${file.content.replace(/\r\n/g, '\n').trimEnd()}`
    : header;
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
    case 'image':
      return `🖼 ${block.alt}: ${block.url}`;
  }
}

function renderActions(actions: Action[]): string {
  return actions.map((action) => `[${action.label}: ${action.command ?? '(a button)'}]`).join('  ');
}
