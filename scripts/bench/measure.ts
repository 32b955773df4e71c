/**
 * Run a child process and measure it: wall time, peak resident memory of the
 * whole process tree and its CPU time (polled from /proc every 100 ms, so worker threads and processes the
 * child spawns — Pagefind's binary, Astro's workers — count), and the time at
 * which marker lines (`▶ astro build`, `▶ pagefind`) appear on its output, so
 * the steps of one build can be timed separately.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface Phase {
  name: string;
  ms: number;
  /** CPU time (user + system) of the process tree: unlike wall time, not inflated by other load on the machine. */
  cpuMs: number;
  peakRssMb: number;
}

export interface RunResult {
  code: number;
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  phases: Phase[];
  output: string;
}

/** Child processes of every thread of a process: a child started from a worker thread is listed under that thread. */
function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((task) => {
    try {
      return readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/u).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime + cutime + cstime of one process, in ms (reaped children included). */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** Resident memory (kB) and CPU time so far (ms) of a process and all its descendants. */
export function treeUsage(pid: number): { rssKb: number; cpuMs: number } {
  let rss = 0;
  let cpu = 0;
  for (const p of processTree(pid)) {
    rss += rssKb(p);
    cpu += cpuMsOf(p);
  }
  return { rssKb: rss, cpuMs: cpu };
}

/** A process and all its descendants, whichever of their threads started them. */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    out.push(p);
    stack.push(...childrenOf(p));
  }
  return out;
}

/**
 * `markers` maps a phase name to a regular expression; the phase starts at the
 * first output line matching it and ends where the next phase starts (or at exit).
 */
export function measure(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; markers?: Record<string, RegExp>; echo?: boolean } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const phases: Array<{ name: string; at: number; cpu: number; peak: number }> = [{ name: 'start', at: started, cpu: 0, peak: 0 }];
    let peak = 0;
    let cpu = 0;
    let output = '';
    const poll = (): void => {
      if (child.pid === undefined) return;
      const u = treeUsage(child.pid);
      const kb = u.rssKb;
      if (u.cpuMs > cpu) cpu = u.cpuMs;
      peak = Math.max(peak, kb);
      const cur = phases.at(-1)!;
      cur.peak = Math.max(cur.peak, kb);
    };
    const timer = setInterval(poll, 100);
    let pending = '';
    const onData = (chunk: Buffer): void => {
      const s = chunk.toString('utf8');
      output += s;
      if (output.length > 2e6) output = output.slice(-1e6);
      if (opts.echo) process.stderr.write(s);
      pending += s;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        for (const [name, re] of Object.entries(opts.markers ?? {})) {
          if (re.test(line) && !phases.some((p) => p.name === name)) {
            poll();
            phases.push({ name, at: performance.now(), cpu, peak: 0 });
            poll();
          }
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      const end = performance.now();
      const out: Phase[] = phases.map((p, i) => ({ name: p.name, ms: (phases[i + 1]?.at ?? end) - p.at, cpuMs: (phases[i + 1]?.cpu ?? cpu) - p.cpu, peakRssMb: p.peak / 1024 }));
      resolve({ code: code ?? -1, ms: end - started, cpuMs: cpu, peakRssMb: peak / 1024, phases: out, output });
    });
  });
}
