import { BACKUP, HIPAA } from "../../lib/controls";
import { resourceFacts } from "../../lib/facts";
import { DATA_STORES, STATEFUL, UNLABELLED_STORES } from "../../lib/inventory";
import { resourceRule } from "../../lib/rule";
import { type Props } from "../../lib/values";

const STORES = new Set([...DATA_STORES, ...UNLABELLED_STORES]);

/**
 * DESIGN principle 5: Pulumi refuses to delete a protected resource, whatever the diff says.
 * Keys and secrets always (losing a key loses the data it encrypts); data stores unless they
 * are labelled internal or public (e.g. a notification topic).
 */
export const protectStateful = resourceRule<Props>({
  id: "hipaa-protect-stateful",
  description: "Production data stores (except internal/public ones), keys and secrets are registered with `protect: true`.",
  severity: "high",
  controls: [...BACKUP, HIPAA.integrity],
  remediation: "Create the resource with `stateful(config, { parent: this, provider })` (components/context.ts), which sets `protect` in production.",
  appliesTo: STATEFUL,
  check: (_props, args, finding) => {
    const facts = resourceFacts(args);
    if (!facts.production || (STORES.has(args.type) && !facts.sensitive)) return;
    if (args.opts.protect !== true) finding("the resource is not protected (protect: true)");
  },
});
