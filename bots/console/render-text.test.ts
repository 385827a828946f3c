import { describe, expect, it } from 'vitest';
import { heading, image, reply } from '../../core/commands/reply.ts';
import { renderText } from './render-text.ts';

describe('renderText', () => {
  it('shows a picture as a line with its alt text and its link', () => {
    const url = 'http://localhost:3000/img/timeline/AQEx.png?exp=1767225600&sig=abc';
    expect(renderText(reply(heading('Ana + Ben'), image(url, 'Week of free time: AS, BO')))).toBe(
      `== Ana + Ben ==\n🖼 Week of free time: AS, BO: ${url}\n`,
    );
  });
});
