import type { Reporter, TestModule } from "vitest/node";

declare module "vitest" {
  interface TaskMeta {
    /** Responses of the file checked against the OpenAPI document (test/worker/contract.ts). */
    contractChecked?: number;
  }
}

/**
 * Prints how many API responses the worker tests had checked against the OpenAPI document,
 * over the whole run.
 */
export default class ContractReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]) {
    const counts = modules.map((module) => module.meta().contractChecked ?? 0);
    const total = counts.reduce((sum, count) => sum + count, 0);
    if (total === 0) return;
    const files = counts.filter((count) => count > 0).length;
    console.log(
      `\n OpenAPI contract: ${total} responses from ${files} test files matched the document\n`,
    );
  }
}
