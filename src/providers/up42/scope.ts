/**
 * UP42 webhooks live in a workspace: the caller's `scope.workspaceId`, else the configured
 * default (UP42_WORKSPACE_ID). Other scope keys belong to other providers and are refused.
 */
import { ValidationError } from '../../errors.ts';
import type { WebhookRef, WebhookScope } from '../contract.ts';
import { idPartProblem } from '../id-format.ts';

const FOREIGN_KEYS = ['divisionId', 'shopId', 'companyId'] as const;

/** The workspace of a create or list call; `path` is where the scope sits in the arguments. */
export function workspaceOf(scope: WebhookScope | null, fallback: string | null, path: (string | number)[]): string {
  for (const key of FOREIGN_KEYS) {
    if (scope?.[key] != null) throw ValidationError.field([...path, key], 'UP42 webhooks are scoped by workspaceId only');
  }
  const workspaceId = scope?.workspaceId ?? fallback;
  if (!workspaceId) {
    throw ValidationError.field([...path, 'workspaceId'], 'UP42 needs a workspace: give scope.workspaceId or set UP42_WORKSPACE_ID');
  }
  const problem = idPartProblem('UP42', workspaceId);
  if (problem) throw ValidationError.field([...path, 'workspaceId'], problem);
  return workspaceId;
}

/** The workspace of an existing webhook: ids this adapter issues always carry it. */
export function workspaceOfRef(ref: WebhookRef, fallback: string | null): string {
  const workspaceId = ref.scope?.workspaceId ?? fallback;
  if (!workspaceId) throw ValidationError.field(['id'], 'names no UP42 workspace and UP42_WORKSPACE_ID is not set');
  return workspaceId;
}
