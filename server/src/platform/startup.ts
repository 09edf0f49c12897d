/**
 * What a server that already listens is still doing before it can serve users: on the demo's
 * first start, simulating the town's casework (issue 13, "First start and the demo"). The
 * server listens at once so that the browser can show the progress instead of a refused
 * connection; until `done()`, /api/health reports the progress and every other /api route
 * answers 503 STARTING (app.ts), so nobody signs in to a half-written demo.
 */
export interface StartupProgress {
  /** 0–100. */
  percent: number;
  /** What is being done, in Chinese, for the waiting page. */
  phase: string;
}

export class StartupState {
  #progress: StartupProgress | null = null;

  /** Null when the server serves normally. */
  get progress(): StartupProgress | null {
    return this.#progress;
  }

  begin(phase: string): void {
    this.#progress = { percent: 0, phase };
  }

  /** `fraction` of the whole preparation done (0–1); never goes backwards. */
  report(fraction: number, phase?: string): void {
    if (!this.#progress) return;
    const percent = Math.max(this.#progress.percent, Math.min(99, Math.floor(fraction * 100)));
    this.#progress = { percent, phase: phase ?? this.#progress.phase };
  }

  done(): void {
    this.#progress = null;
  }
}
