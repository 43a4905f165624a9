/** What a person sees first in GraphiQL: a tour of the API, ready to run step by step. */
export const GRAPHIQL_DEFAULT_QUERY = `# Welcome to Hookgate: one GraphQL API for your webhooks.
# First paste your API key in the Headers tab below: {"Authorization": "Bearer hg_…"}
# (the first start printed an admin key and kept it in DATA_DIR/admin-api-key).
# Then run the operations one at a time (pick them with the ▶ button).

# 1. Which providers are configured, and what can they do?
query Providers {
  providers { name configured capabilities { create update test multipleUrls } }
}

# 2. Add an event type to the LOCAL catalogue.
mutation AddEventType {
  createWebhookEventType(input: {
    name: "invoice.paid"
    title: "Invoice paid"
    schema: { type: "object", required: ["id"], properties: { id: { type: "string" } } }
    example: { id: "in_123" }
  }) {
    __typename
    ... on CreateWebhookEventTypeSuccess { eventType { name title } }
    ... on Error { code message }
  }
}

# 3. Create an endpoint. Keep the secret: it is shown only now.
mutation CreateEndpoint {
  createWebhook(input: { provider: LOCAL, url: "https://example.com/webhooks", events: ["invoice.paid"] }) {
    __typename
    ... on CreateWebhookSuccess { secret webhook { id url events } }
    ... on ValidationError { fieldErrors { path message } }
    ... on Error { code message }
  }
}

# 4. Send it a signed test message (paste the id from step 3).
mutation TestEndpoint($id: ID! = "paste-the-webhook-id") {
  testWebhook(id: $id) {
    __typename
    ... on TestWebhookSuccess { result { testsRun testsSucceeded tests { event statusCode success error durationMs } } }
    ... on Error { code message }
  }
}

# 5. List your webhooks, newest first.
query ListWebhooks {
  webhooks(first: 20) {
    edges { cursor node { id provider url events active hasSecret createdAt } }
    pageInfo { hasNextPage endCursor }
    providerErrors { provider message }
  }
}
`;
