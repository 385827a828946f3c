import { SLACK_LIMITS as L } from './limits.ts';

type Json = Record<string, unknown>;

/**
 * Every way `blocks` breaks Slack's documented limits, as readable lines (empty when valid). Used
 * by the renderer tests and, in development, to warn before Slack answers `invalid_blocks`.
 *
 * @example
 * blockKitProblems([{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }], 'message')
 * // ['blocks[0] header text: 151 > 150']
 */
export function blockKitProblems(blocks: readonly unknown[], surface: 'message' | 'view'): string[] {
  const problems: string[] = [];
  const max = surface === 'view' ? L.viewBlocks : L.messageBlocks;
  if (blocks.length > max) problems.push(`${blocks.length} blocks > ${max}`);
  const actionIds = new Set<string>();
  const text = (where: string, value: unknown, limit: number) => {
    const t = (value as Json | undefined)?.text;
    if (typeof t !== 'string' || t.length === 0) problems.push(`${where}: empty or missing text`);
    else if (t.length > limit) problems.push(`${where}: ${t.length} > ${limit}`);
  };
  const element = (where: string, el: Json) => {
    const id = el.action_id;
    if (typeof id === 'string') {
      if (id.length > L.actionId) problems.push(`${where} action_id: ${id.length} > ${L.actionId}`);
      if (actionIds.has(id)) problems.push(`${where} action_id "${id}" repeated`);
      actionIds.add(id);
    }
    if (el.type === 'button') {
      text(`${where} button text`, el.text, L.buttonText);
      const value = el.value;
      if (typeof value === 'string' && value.length > L.buttonValue) {
        problems.push(`${where} button value: ${value.length} > ${L.buttonValue}`);
      }
    }
    if (el.type === 'overflow') {
      const options = (el.options as Json[]) ?? [];
      if (options.length < L.overflowOptionsMin || options.length > L.overflowOptionsMax) {
        problems.push(`${where} overflow: ${options.length} options, expected 2-5`);
      }
      for (const [i, option] of options.entries()) {
        text(`${where} option ${i}`, option.text, L.optionText);
        if (String(option.value ?? '').length > L.optionValue)
          problems.push(`${where} option ${i} value too long`);
      }
    }
  };
  for (const [index, raw] of blocks.entries()) {
    const block = raw as Json;
    const where = `blocks[${index}] ${String(block.type)}`;
    if (typeof block.block_id === 'string' && block.block_id.length > L.blockId)
      problems.push(`${where} block_id`);
    switch (block.type) {
      case 'header':
        text(`${where} text`, block.text, L.headerText);
        break;
      case 'section': {
        const fields = block.fields as Json[] | undefined;
        if (fields) {
          if (fields.length > L.sectionFields)
            problems.push(`${where}: ${fields.length} fields > ${L.sectionFields}`);
          for (const [i, field] of fields.entries()) text(`${where} field ${i}`, field, L.fieldText);
        } else {
          text(`${where} text`, block.text, L.sectionText);
        }
        if (block.accessory) element(`${where} accessory`, block.accessory as Json);
        break;
      }
      case 'context': {
        const elements = (block.elements as Json[]) ?? [];
        if (elements.length === 0 || elements.length > L.contextElements) problems.push(`${where}: elements`);
        for (const [i, el] of elements.entries()) text(`${where} element ${i}`, el, L.sectionText);
        break;
      }
      case 'actions': {
        const elements = (block.elements as Json[]) ?? [];
        if (elements.length === 0 || elements.length > L.actionsElements) {
          problems.push(`${where}: ${elements.length} elements, expected 1-${L.actionsElements}`);
        }
        for (const [i, el] of elements.entries()) element(`${where} element ${i}`, el);
        break;
      }
      case 'input':
        text(`${where} label`, block.label, 2000);
        if (block.element) element(`${where} element`, block.element as Json);
        break;
      case 'divider':
        break;
      case 'image': {
        const url = block.image_url;
        if (typeof url !== 'string' || !/^https?:\/\//.test(url))
          problems.push(`${where} image_url: not an http(s) URL`);
        else if (url.length > L.imageUrl) problems.push(`${where} image_url: ${url.length} > ${L.imageUrl}`);
        const alt = block.alt_text;
        if (typeof alt !== 'string' || alt.length === 0) problems.push(`${where} alt_text: empty or missing`);
        else if (alt.length > L.imageAltText)
          problems.push(`${where} alt_text: ${alt.length} > ${L.imageAltText}`);
        break;
      }
      default:
        problems.push(`${where}: block type not checked`);
    }
  }
  return problems;
}
