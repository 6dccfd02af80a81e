// `shipshape render CHART` on a Helm chart: what `helm template` prints, rendered in process.
import { readFileSync, statSync } from 'node:fs';
import nodePath from 'node:path';
import { RenderError, renderChart } from '../engine/languages/helm/render';
import { SetParseError, userValues } from '../engine/languages/helm/values';
import { decodeYamlMap, YamlError } from '../engine/languages/helm/yaml-v2';
import { readChartFolder } from '../host/chart-folder';
import { describeError } from '../host/file-system';
import type { RenderArgs } from './args';
import { printError, printNote, writeReport, type CliIo } from './io';

export function renderChartFolder(args: RenderArgs, io: CliIo): number {
  const folder = nodePath.resolve(io.cwd, args.target);
  try {
    if (!statSync(folder).isDirectory()) {
      printError(io, `${args.target} is not a chart folder (packaged .tgz charts are read as subcharts only)`);
      return 2;
    }
  } catch (error) {
    printError(io, `cannot read ${args.target}: ${describeError(error)}`);
    return 2;
  }
  const files: Array<{ values: ReturnType<typeof decodeYamlMap> }> = [];
  for (const file of args.valuesFiles) {
    try {
      files.push({ values: decodeYamlMap(readFileSync(nodePath.resolve(io.cwd, file), 'utf8')) });
    } catch (error) {
      printError(io, error instanceof YamlError ? `values file ${file}: ${error.message}` : `cannot read values file ${file}: ${describeError(error)}`);
      return 2;
    }
  }
  let values;
  try {
    values = userValues(files, args.sets, args.setStrings);
  } catch (error) {
    if (!(error instanceof SetParseError)) throw error;
    printError(io, `--set: ${error.message}`);
    return 2;
  }
  try {
    const result = renderChart(readChartFolder(folder), nodePath.basename(folder), { values, releaseName: args.release, namespace: args.namespace });
    for (const problem of result.problems) printNote(io, `warning: ${problem.file}: ${problem.message}`);
    return writeReport(io, result.output, args.output) ? 0 : 2;
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    printError(io, `cannot render ${args.target}: ${error.message}`);
    return 2;
  }
}
