/** The figures the delivery benchmark measures, each with its baseline, ratio and PASS/FAIL. */
import { formatTable } from './table.ts';

export interface Figure {
  name: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  /** null for a figure that has no target. */
  pass: boolean | null;
}

const verdict = (pass: boolean | null) => (pass === null ? 'INFO' : pass ? 'PASS' : 'FAIL');

export class Report {
  readonly figures: Figure[] = [];

  /** Records a figure and prints it at once, so a long run shows progress. */
  add(figure: Figure): void {
    this.figures.push(figure);
    console.log(
      `  ${verdict(figure.pass)}  ${figure.name}: ${figure.value} (baseline ${figure.baseline}, ratio ${figure.ratio}; target ${figure.target})`,
    );
  }

  get passed(): boolean {
    return this.figures.every((figure) => figure.pass !== false);
  }

  print(): void {
    const rows = this.figures.map((f) => [f.name, f.value, f.baseline, f.ratio, f.target, verdict(f.pass)]);
    console.log(`\n${formatTable(['figure', 'value', 'baseline', 'ratio', 'target', 'result'], rows)}`);
    const missed = this.figures.filter((figure) => figure.pass === false).length;
    console.log(`\n${missed === 0 ? 'PASS' : 'FAIL'}: ${missed} target(s) missed`);
  }
}

export const perSecond = (rate: number | null) => (rate === null ? 'n/a' : `${Math.round(rate).toLocaleString('en-US')}/s`);
export const ms = (value: number) => `${value.toFixed(1)} ms`;
export const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
export const micros = (seconds: number) => `${(seconds * 1e6).toFixed(0)} µs`;
export const percent = (ratio: number | null) => (ratio === null || !Number.isFinite(ratio) ? 'n/a' : `${(ratio * 100).toFixed(0)} %`);
export const times = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : 'n/a');
