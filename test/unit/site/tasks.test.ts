import { describe, expect, it } from "vitest";
import { CLOUD_IDS, hasFeature } from "../../../src/domain/clouds.ts";
import {
  HOME_CARDS,
  TASK_IDS,
  TASK_PAGES,
  homeCards,
  taskOffered,
  taskPageExists,
} from "../../../src/site/tasks.ts";

describe("task pages", () => {
  it("are the routes of SPEC §4, with trailing slashes", () => {
    expect(Object.values(TASK_PAGES).map((t) => t.path)).toEqual([
      "customers/",
      "customers/new/",
      "invitations/",
      "indirect-providers/",
      "audit/",
      "users/",
    ]);
  });

  it("are offered only where the cloud has the feature", () => {
    expect(taskOffered("china", "invitations")).toBe(false);
    expect(taskOffered("china", "indirectProviders")).toBe(false);
    expect(taskOffered("china", "customers")).toBe(true);
    expect(taskOffered("china", "audit")).toBe(true);
    for (const cloud of CLOUD_IDS) {
      expect(taskOffered(cloud, "invitations")).toBe(hasFeature(cloud, "resellerInvitations"));
    }
  });

  it("exist only when built and offered", () => {
    for (const cloud of CLOUD_IDS) {
      for (const task of TASK_IDS) {
        if (taskPageExists(cloud, task)) {
          expect(TASK_PAGES[task].built).toBe(true);
          expect(taskOffered(cloud, task)).toBe(true);
        }
      }
    }
  });
});

describe("home cards", () => {
  it("show every feature area in the global cloud", () => {
    expect(homeCards("global").map((c) => c.id)).toEqual(HOME_CARDS.map((c) => c.id));
  });

  it("leave out what China lacks entirely", () => {
    expect(homeCards("china").map((c) => c.id)).toEqual(["customers", "audit", "users"]);
  });

  it("cover every task page exactly once", () => {
    expect(HOME_CARDS.flatMap((c) => c.tasks).sort()).toEqual([...TASK_IDS].sort());
  });
});
