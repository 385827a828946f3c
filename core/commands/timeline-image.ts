import { encodeTimeline } from '../availability/timeline.codec.ts';
import { initialsOf, type TimelineInput, timelineModel } from '../availability/timeline.model.ts';
import { timelineDayRange } from '../availability/timeline.svg.ts';
import { type Block, image } from './reply.ts';
import type { CommandServices } from './services.ts';

export interface TimelineImageInput extends TimelineInput {
  /**
   * What the picture calls each row. `initials` (the default): the link carries `AS`, not a name,
   * since a link travels further than a message (Slack's image proxy, forwards, access logs) and the
   * alt text beside it names everyone. `names`: each label as given (cut to 24 characters).
   */
  labels?: 'initials' | 'names';
}

const MAX_ALT_CHARS = 1000;

/**
 * The week timeline picture of a reply: an image block whose signed, expiring URL draws these
 * people's free time and their common windows, days in the viewer's zone. At most 10 people and
 * 500 windows a row; the picture says what it leaves out. Undefined when this server draws no
 * pictures (no font) or not even the labels fit in a link.
 *
 * @example
 * const picture = timelineImage(context.services, {
 *   people: members.map((m) => ({ label: m.displayName, zone: m.timeZone, free: m.free })),
 *   common: suggestion.windows,
 *   span: { startMs: weekStartMs, endMs: weekEndMs },
 *   viewerZone,
 * });
 * return reply(heading('Pair'), ...(picture ? [picture] : []), list(items));
 */
export function timelineImage(
  services: Pick<CommandServices, 'images'>,
  input: TimelineImageInput,
): Block | undefined {
  const links = services.images;
  if (!links) return undefined;
  const model = timelineModel(input);
  const shownLabels = model.rows.map((row) => row.label);
  const drawnLabels = input.labels === 'names' ? shownLabels : initialsOf(shownLabels);
  const drawn = { ...model, rows: model.rows.map((row, i) => ({ ...row, label: drawnLabels[i]! })) };
  const encoded = encodeTimeline(drawn, links.maxPayloadBytes);
  if (!encoded) return undefined;
  const who = model.rows.map((row, i) => {
    const name = drawnLabels[i] === row.label ? row.label : `${drawnLabels[i]} = ${row.label}`;
    return `${name}: ${row.free.length + row.clipped} free ${row.free.length + row.clipped === 1 ? 'window' : 'windows'}`;
  });
  const more = model.peopleClipped > 0 ? [`${model.peopleClipped} more not shown`] : [];
  const common =
    model.rows.length >= 2 ? `; ${model.common.length + model.commonClipped} free for everyone` : '';
  const alt = `Week of free time, ${timelineDayRange(model)} (times in ${model.viewerZone}): ${[...who, ...more].join(', ')}${common}.`;
  const points = [...alt];
  const bounded = points.length <= MAX_ALT_CHARS ? alt : `${points.slice(0, MAX_ALT_CHARS - 1).join('')}…`;
  return image(links.timeline(encoded.bytes), bounded);
}
