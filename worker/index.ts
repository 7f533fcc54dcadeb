import { createApp } from "./app.ts";
import { advanceAdminRelationships } from "./features/admin-relationships/expiry.ts";
import { databaseOf, heldClouds } from "./lib/cloud.ts";

/**
 * The Worker entry: the Hono app handles `/`, `/api/*` and what the assets do not; the cron
 * trigger (`[triggers]` in wrangler.toml) moves admin relationship states in every cloud this
 * deployment holds.
 */
export default {
  fetch: createApp().fetch,
  async scheduled(controller, env) {
    for (const cloud of heldClouds(env)) {
      const db = databaseOf(env, cloud);
      if (!db) continue;
      const run = await advanceAdminRelationships(db, controller.scheduledTime);
      console.log(JSON.stringify({ level: "info", job: "admin-relationships", cloud, ...run }));
    }
  },
} satisfies ExportedHandler<Env>;
