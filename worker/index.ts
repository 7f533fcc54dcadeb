import { createApp } from "./app.ts";

/** The Worker entry: the Hono app handles `/`, `/api/*` and what the assets do not. */
export default {
  fetch: createApp().fetch,
} satisfies ExportedHandler<Env>;
