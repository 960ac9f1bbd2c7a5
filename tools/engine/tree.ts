import type { RecordedResource } from "./model";

export interface TreeNode {
  readonly resource: RecordedResource;
  readonly children: TreeNode[];
}

/** Resources as a forest by parent URN, in registration order. */
export function buildTree(resources: readonly RecordedResource[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  for (const r of resources) nodes.set(r.urn, { resource: r, children: [] });
  const roots: TreeNode[] = [];
  for (const r of resources) {
    const node = nodes.get(r.urn)!;
    const parent = r.parent ? nodes.get(r.parent) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Number of resources in a subtree, itself included. */
export function countTree(node: TreeNode): number {
  return 1 + node.children.reduce((n, c) => n + countTree(c), 0);
}
