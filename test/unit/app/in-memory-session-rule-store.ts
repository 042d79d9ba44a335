// A SessionRuleStore held in memory, with the audit records a real one appends, for use-case tests.
import { EMPTY_RULE_SET, type SessionRuleSet } from '../../../src/domain/session-rules';
import type { RuleScope, RuleSetCommit, SessionRuleStore, StoredRuleSet } from '../../../src/app/use-cases/session-rules';

export interface RuleSetAudit {
  readonly scope: RuleScope;
  readonly actor: string;
  readonly requestId: string;
  readonly before: StoredRuleSet;
  readonly after: StoredRuleSet;
}

export class InMemorySessionRuleStore implements SessionRuleStore {
  readonly audit: RuleSetAudit[] = [];
  private readonly sets = new Map<string, StoredRuleSet>();
  /** Set to make the next commits lose a race, as if another writer got there first. */
  racesToLose = 0;

  ruleSet(scope: RuleScope): StoredRuleSet {
    return this.sets.get(key(scope)) ?? { ruleSet: EMPTY_RULE_SET, version: 0 };
  }

  async commitRuleSet(scope: RuleScope, expectedVersion: number, next: SessionRuleSet, actor: string, requestId: string): Promise<RuleSetCommit> {
    const before = this.ruleSet(scope);
    if (this.racesToLose > 0) {
      this.racesToLose--;
      this.sets.set(key(scope), { ...before, version: before.version + 1 });
      return { committed: false };
    }
    if (before.version !== expectedVersion) return { committed: false };
    const after = { ruleSet: next, version: before.version + 1 };
    this.sets.set(key(scope), after);
    this.audit.push({ scope, actor, requestId, before, after });
    return { committed: true, stored: after };
  }
}

const key = (scope: RuleScope): string => (scope.kind === 'application' ? '' : `org:${scope.organizationId}`);
