import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTimelineFonts, noFontHint, timelinePngRenderer } from './timeline-png.ts';

/** A rasterizer whose renders finish when the test says so, counting what it was asked. */
function heldRasterizer() {
  const pending: { svg: string; finish(): void; fail(): void }[] = [];
  return {
    pending,
    rasterize: (svg: string) =>
      new Promise<Buffer>((resolve, reject) => {
        pending.push({
          svg,
          finish: () => resolve(Buffer.from(`png of ${svg}`)),
          fail: () => reject(new Error('boom')),
        });
      }),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('timelinePngRenderer', () => {
  it('renders once per payload: a second request, at once or later, gets the same picture', async () => {
    const held = heldRasterizer();
    const renderer = timelinePngRenderer({ fontFiles: [], rasterize: held.rasterize });
    const first = renderer.render('k1', () => 'svg-1');
    const again = renderer.render('k1', () => 'svg-1');
    await settle();
    expect(held.pending).toHaveLength(1);
    held.pending[0]!.finish();
    expect(await first).toEqual({ kind: 'png', png: Buffer.from('png of svg-1') });
    expect(await again).toEqual({ kind: 'png', png: Buffer.from('png of svg-1') });
    expect(await renderer.render('k1', () => 'svg-1')).toEqual({
      kind: 'png',
      png: Buffer.from('png of svg-1'),
    });
    expect(held.pending).toHaveLength(1);
  });

  it('answers busy when every slot and the wait queue are taken, and serves the queue as slots free', async () => {
    const held = heldRasterizer();
    const renderer = timelinePngRenderer({
      fontFiles: [],
      rasterize: held.rasterize,
      maxConcurrent: 1,
      maxWaiting: 1,
    });
    const running = renderer.render('a', () => 'a');
    const queued = renderer.render('b', () => 'b');
    expect(await renderer.render('c', () => 'c')).toEqual({ kind: 'busy' });
    await settle();
    expect(held.pending.map((p) => p.svg)).toEqual(['a']);
    held.pending[0]!.finish();
    expect((await running).kind).toBe('png');
    await settle();
    expect(held.pending.map((p) => p.svg)).toEqual(['a', 'b']);
    held.pending[1]!.finish();
    expect((await queued).kind).toBe('png');
  });

  it('gives up on a render past its budget but keeps its slot until it really ends', async () => {
    const held = heldRasterizer();
    const renderer = timelinePngRenderer({
      fontFiles: [],
      rasterize: held.rasterize,
      budgetMs: 20,
      maxConcurrent: 1,
      maxWaiting: 0,
    });
    expect(await renderer.render('slow', () => 'slow')).toEqual({ kind: 'over_budget' });
    expect(await renderer.render('next', () => 'next')).toEqual({ kind: 'busy' });
    held.pending[0]!.fail();
    await settle();
    const next = renderer.render('next', () => 'next');
    await settle();
    held.pending[1]!.finish();
    expect((await next).kind).toBe('png');
  });

  it('passes a failed render on to the request that waits for it', async () => {
    const held = heldRasterizer();
    const renderer = timelinePngRenderer({ fontFiles: [], rasterize: held.rasterize });
    const failing = renderer.render('x', () => 'x');
    await settle();
    held.pending[0]!.fail();
    await expect(failing).rejects.toThrow('boom');
  });
});

describe('findTimelineFonts', () => {
  it('takes the configured file and its bold face, or the first candidate there is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fonts-'));
    const regular = join(dir, 'DejaVuSans.ttf');
    writeFileSync(regular, 'font');
    expect(findTimelineFonts(regular)).toEqual([regular]);
    writeFileSync(join(dir, 'DejaVuSans-Bold.ttf'), 'bold');
    expect(findTimelineFonts(regular)).toEqual([regular, join(dir, 'DejaVuSans-Bold.ttf')]);
    expect(findTimelineFonts(undefined, [join(dir, 'missing.ttf'), regular])?.[0]).toBe(regular);
  });

  it('finds nothing when the configured file is missing, and says what to do', () => {
    expect(findTimelineFonts('/nowhere/font.ttf')).toBeUndefined();
    expect(findTimelineFonts(undefined, ['/nowhere/a.ttf'])).toBeUndefined();
    expect(noFontHint('/nowhere/font.ttf')).toMatch(
      /^TIMELINE_FONT_FILE \/nowhere\/font.ttf does not exist: install fonts-dejavu-core/,
    );
  });
});
