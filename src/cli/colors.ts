import pc from 'picocolors';
import type { Colors } from 'picocolors/types.js';
import { shouldUseColor, type GlobalOptions } from './context.ts';
import type { CliIO, TextSink } from './io.ts';

/** Colours for one output stream: real ones on a terminal, plain text otherwise. */
export function colorsFor(sink: TextSink, globals: GlobalOptions, env: CliIO['env']): Colors {
  return pc.createColors(shouldUseColor(globals, env, sink.isTTY));
}
