/**
 * What `npm start` says to the person who ran it, in plain lines on stderr (not in the log):
 * where to point a browser, which store is used, and where the admin key lives. The key itself
 * appears only on the start that created it, and only when stderr is a terminal.
 */
export interface BannerFacts {
  graphqlUrl: string;
  graphiql: boolean;
  store: string;
  authEnabled: boolean;
  /** The admin key created on this start, if any. */
  createdKey: { token: string; file: string } | null;
  /** The admin key file of an earlier start, when it still exists. */
  existingKeyFile: string | null;
  /** Whether stderr is a terminal: only then may a key be shown. */
  terminal: boolean;
}

export function startBanner(facts: BannerFacts): string {
  const lines = [
    `Hookgate is listening on ${facts.graphqlUrl}${facts.graphiql ? ' (open it in a browser for GraphiQL)' : ''}`,
    `Store: ${facts.store}`,
  ];
  if (!facts.authEnabled) {
    lines.push('API keys: off (HOOKGATE_AUTH=off): every request acts as the admin of tenant "default"; loopback only');
  } else if (facts.createdKey && facts.terminal) {
    lines.push(
      '',
      'No API key existed, so an admin key for tenant "default" was created. It is shown only now',
      `and kept in ${facts.createdKey.file} (readable by you only):`,
      '',
      `  ${facts.createdKey.token}`,
      '',
      'Send it as Authorization: Bearer <key> (in GraphiQL: the Headers tab). Create more with: npx hookgate keys create',
    );
  } else if (facts.createdKey) {
    lines.push(`Admin key: created and kept in ${facts.createdKey.file} (readable by you only; not printed, stderr is not a terminal)`);
  } else if (facts.existingKeyFile) {
    lines.push(`Admin key: in ${facts.existingKeyFile} (send it as Authorization: Bearer <key>)`);
  } else {
    lines.push('API keys: create one with npx hookgate keys create --tenant default --scopes admin');
  }
  return `${lines.join('\n')}\n`;
}
