/**
 * A command whose work is left waiting on something that can never happen (a promise nobody will
 * settle: a deadlock, a lost callback) lets Node's event loop run dry, and Node then exits with code 0
 * as if the command had finished (issue 15: an import stopped half-way and looked like success). The
 * `jiesu` command is watched: when the loop runs dry before its promise settled, or after `serve`
 * started serving (a server stops only through its signal handlers, which exit themselves), the
 * process says so on stderr and exits with EXIT_UNFINISHED.
 */
export const EXIT_UNFINISHED = 70;

export interface Watch {
  /** The command returned and left a server running: the loop running dry now means it stopped. */
  serving(): void;
}

export function watchUnsettled(command: string): Watch {
  let serving = false;
  process.on('beforeExit', () => {
    console.error(
      serving
        ? `jiesu ${command}: the server stopped without a signal and without an error; nothing is being served.`
        : `jiesu ${command}: stopped before its work finished: it was left waiting for something that will never happen ` +
            '(nothing else was running). What it did not report as done is not done. This is a defect of jiesu: please report it with the output above.',
    );
    process.exit(EXIT_UNFINISHED);
  });
  return {
    serving() {
      serving = true;
    },
  };
}
