/**
 * Reasons shown with each suggestion, rendered from the components that produced its score, strongest first.
 */
import type { MatchIndex } from './match-index.ts';
import type { PairScore } from './pair-score.ts';

const MAX_ITEMS = 3;

function list(items: readonly string[]): string {
  const shown = items.slice(0, MAX_ITEMS).join(', ');
  return items.length > MAX_ITEMS ? `${shown} +${items.length - MAX_ITEMS} more` : shown;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function ratingText(mean: number): string {
  return Number.isInteger(mean) ? `rated ${mean}` : `rated ${mean.toFixed(1)} on average`;
}

/** Reason lines for one pair, in order of their contribution to S; components adding nothing are left out. */
export function pairReasons(index: MatchIndex, pair: PairScore): string[] {
  const lines: { points: number; text: string }[] = [];
  for (const component of pair.components) {
    const { evidence, facts = {} } = component;
    let text: string | undefined;
    switch (component.name) {
      case 'genre':
        if (evidence.length > 0) text = `shared genres: ${list(evidence)}`;
        break;
      case 'genreSpecificity':
        if (evidence.length > 0) text = `shared rare genres: ${list(evidence)}`;
        break;
      case 'inspiration':
        if (evidence.length > 0) text = `shared influences: ${list(evidence)}`;
        break;
      case 'creditEntity':
        if (evidence.length > 0) text = `both wrote for ${list(evidence)}`;
        break;
      case 'graph':
        if (evidence.length > 0) {
          const names = evidence.map((handle) => index.profiles.get(handle)?.displayName ?? handle);
          text = `${plural(evidence.length, 'co-writer')} in common (${list(names)})`;
        }
        break;
      case 'history': {
        const parts: string[] = [];
        if ((facts.sessions ?? 0) > 0) {
          const rated =
            facts.meanRating === undefined ? '' : ` ${ratingText(Math.round(facts.meanRating * 10) / 10)}`;
          parts.push(`${plural(facts.sessions!, 'prior session')}${rated}`);
        }
        if ((facts.sharedWorks ?? 0) > 0) parts.push(`${plural(facts.sharedWorks!, 'prior cut')} together`);
        if (parts.length > 0) text = parts.join('; ');
        break;
      }
      case 'novelty':
        if (component.value > 0) text = 'new pairing';
        break;
      case 'roles':
        if (component.value >= 0.8) text = `complementary roles: ${evidence.join(' + ')}`;
        break;
      case 'recentGraph':
        if (evidence.length > 0) {
          const names = evidence.map((handle) => index.profiles.get(handle)?.displayName ?? handle);
          text = `recent co-writers in common (${list(names)})`;
        }
        break;
      case 'artistGraph':
        if (evidence.length > 0) text = `wrote for artists close to each other's (${list(evidence)})`;
        break;
      case 'popularity':
        if (component.value >= 0.3) text = 'both writing a lot lately';
        break;
      case 'openness':
        if (component.value >= 0.3) text = 'both taking on new co-writers lately';
        break;
      case 'activity':
        if (component.value >= 0.3) text = 'both active recently';
        break;
    }
    if (text && component.points !== 0) lines.push({ points: component.points, text });
  }
  return lines.sort((a, b) => b.points - a.points).map((line) => line.text);
}
