// `shipshape render [DIR]`: a Helm chart (a folder with Chart.yaml) rendered like `helm template`, or a
// kustomization built like `kubectl kustomize`. The folder decides which.
import { existsSync } from 'node:fs';
import nodePath from 'node:path';
import type { RenderArgs } from './args';
import { printError, type CliIo } from './io';
import { renderChartFolder } from './render-chart';
import { renderKustomizationFolder } from './render-kustomization';

export function runRender(args: RenderArgs, io: CliIo): number {
  const folder = nodePath.resolve(io.cwd, args.target);
  if (!existsSync(folder)) {
    printError(io, `cannot read ${args.target}: no such file or directory`);
    return 2;
  }
  if (existsSync(nodePath.join(folder, 'Chart.yaml'))) return renderChartFolder(args, io);
  if (args.valuesFiles.length > 0 || args.sets.length > 0 || args.setStrings.length > 0 || args.releaseGiven || args.namespaceGiven) {
    printError(io, `${args.target} has no Chart.yaml: --values, --set, --set-string, --release and --namespace apply to Helm charts only`);
    return 2;
  }
  return renderKustomizationFolder(args, io);
}
