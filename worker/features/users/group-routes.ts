import { createRoute, z } from "@hono/zod-openapi";
import {
  GroupList,
  GroupListQuery,
  GroupMemberList,
  GroupMemberRequest,
  GroupRequest,
  PartnerGroup,
} from "../../../src/domain/schemas/user.ts";
import { nameKey } from "../../../src/domain/schemas/text.ts";
import { requirePermission } from "../../lib/auth.ts";
import { newId } from "../../lib/crypto.ts";
import { keysetPage } from "../../lib/keyset-page.ts";
import { AppError, notFound } from "../../lib/problem.ts";
import { apiRoutes, json, jsonBody, problems } from "../../lib/route.ts";
import { limitWrites } from "../../lib/write-limit.ts";
import {
  addMember,
  deleteGroup,
  groupPage,
  insertGroup,
  memberPage,
  removeMember,
  renameGroup,
  toGroup,
  toMember,
  type GroupOutcome,
} from "./groups-repo.ts";
import { auditOf, managerOf } from "./caller.ts";

const uuid = (description: string) =>
  z
    .guid()
    .transform((id) => id.toLowerCase())
    .openapi({ param: { description } });

const GroupParams = z.object({ id: uuid("The group's id") });
const MemberParams = z.object({ id: uuid("The group's id"), userId: uuid("The member's user id") });

const tags = ["Partner groups"];
const manage = requirePermission("users.manage");

const listGroupsRoute = createRoute({
  method: "get",
  path: "/groups",
  summary: "The partner's groups by name (keyset pages)",
  tags,
  middleware: [manage],
  request: { query: GroupListQuery },
  responses: { 200: json(GroupList, "A page"), ...problems(400, 401, 403, 404) },
});

const createGroupRoute = createRoute({
  method: "post",
  path: "/groups",
  summary: "Add a group (names are unique in the partner, whatever their case)",
  tags,
  middleware: [manage, limitWrites],
  request: { body: jsonBody(GroupRequest) },
  responses: {
    201: json(PartnerGroup, "Added"),
    ...problems(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const renameGroupRoute = createRoute({
  method: "put",
  path: "/groups/{id}",
  summary: "Rename a group (its name is all a group has to replace)",
  tags,
  middleware: [manage, limitWrites],
  request: { params: GroupParams, body: jsonBody(GroupRequest) },
  responses: {
    200: json(PartnerGroup, "Renamed"),
    ...problems(400, 401, 403, 404, 409, 413, 415, 429),
  },
});

const removeGroupRoute = createRoute({
  method: "delete",
  path: "/groups/{id}",
  summary: "Remove a group and its memberships (its users stay)",
  tags,
  middleware: [manage, limitWrites],
  request: { params: GroupParams },
  responses: { 204: { description: "Removed" }, ...problems(401, 403, 404, 415, 429) },
});

const listMembersRoute = createRoute({
  method: "get",
  path: "/groups/{id}/members",
  summary: "The members of a group by name (keyset pages)",
  tags,
  middleware: [manage],
  request: { params: GroupParams, query: GroupListQuery },
  responses: { 200: json(GroupMemberList, "A page"), ...problems(400, 401, 403, 404) },
});

const addMemberRoute = createRoute({
  method: "post",
  path: "/groups/{id}/members",
  summary: "Add one of the partner's users to a group (already a member: nothing changes)",
  tags,
  middleware: [manage, limitWrites],
  request: { params: GroupParams, body: jsonBody(GroupMemberRequest) },
  responses: {
    204: { description: "The user is a member" },
    ...problems(400, 401, 403, 404, 413, 415, 429),
  },
});

const removeMemberRoute = createRoute({
  method: "delete",
  path: "/groups/{id}/members/{userId}",
  summary: "Take a user out of a group",
  tags,
  middleware: [manage, limitWrites],
  request: { params: MemberParams },
  responses: { 204: { description: "No longer a member" }, ...problems(401, 403, 404, 415, 429) },
});

/** The group a group write left, or 404 / 409 `group_name_taken`. */
function written(outcome: GroupOutcome): PartnerGroup {
  switch (outcome.kind) {
    case "done":
      return outcome.group;
    case "not_found":
      throw notFound();
    case "name_taken":
      throw new AppError(409, "group_name_taken", {
        errors: [
          { path: "name", code: "group_name_taken", message: "validation.group_name_taken" },
        ],
      });
  }
}

/** `/api/v1/{cloud}/groups…`: the partner's groups and their members (mounted by `userRoutes`). */
export const groupRoutes = apiRoutes()
  .openapi(listGroupsRoute, async (c) => {
    const { partnerId } = managerOf(c);
    const query = c.req.valid("query");
    const db = c.get("db");
    const page = await keysetPage({
      env: c.env,
      scope: { list: "groups", cloud: c.get("cloud"), partner: partnerId },
      cursor: query.cursor,
      limit: query.limit,
      rows: (after, limit) => groupPage(db, partnerId, after, limit),
      position: (row) => [row.name_key, row.id],
      item: toGroup,
    });
    c.header("Cache-Control", "no-store");
    return c.json(GroupList.parse(page), 200);
  })
  .openapi(createGroupRoute, async (c) => {
    const caller = managerOf(c);
    const { name } = c.req.valid("json");
    const id = newId();
    const group = written(
      await insertGroup(c.get("db"), {
        audit: auditOf(caller, "group.created", "group", id, { name }),
        partnerId: caller.partnerId,
        id,
        name,
        nameKey: nameKey(name),
      }),
    );
    c.header("Location", `/api/v1/${c.get("cloud")}/groups/${id}`);
    return c.json(PartnerGroup.parse(group), 201);
  })
  .openapi(renameGroupRoute, async (c) => {
    const caller = managerOf(c);
    const groupId = c.req.valid("param").id;
    const { name } = c.req.valid("json");
    const group = written(
      await renameGroup(c.get("db"), {
        audit: auditOf(caller, "group.renamed", "group", groupId, { name }),
        partnerId: caller.partnerId,
        groupId,
        name,
        nameKey: nameKey(name),
      }),
    );
    return c.json(PartnerGroup.parse(group), 200);
  })
  .openapi(removeGroupRoute, async (c) => {
    const caller = managerOf(c);
    const groupId = c.req.valid("param").id;
    const removed = await deleteGroup(c.get("db"), {
      audit: auditOf(caller, "group.removed", "group", groupId),
      partnerId: caller.partnerId,
      groupId,
    });
    if (!removed) throw notFound();
    return c.body(null, 204);
  })
  .openapi(listMembersRoute, async (c) => {
    const { partnerId } = managerOf(c);
    const groupId = c.req.valid("param").id;
    const query = c.req.valid("query");
    const db = c.get("db");
    const page = await keysetPage({
      env: c.env,
      scope: { list: "group-members", cloud: c.get("cloud"), partner: partnerId, group: groupId },
      cursor: query.cursor,
      limit: query.limit,
      rows: async (after, limit) => {
        const rows = await memberPage(db, partnerId, groupId, after, limit);
        if (!rows) throw notFound();
        return rows;
      },
      position: (row) => [row.name_key, row.id],
      item: toMember,
    });
    c.header("Cache-Control", "no-store");
    return c.json(GroupMemberList.parse(page), 200);
  })
  .openapi(addMemberRoute, async (c) => {
    const caller = managerOf(c);
    const groupId = c.req.valid("param").id;
    const userId = c.req.valid("json").userId.toLowerCase();
    const outcome = await addMember(c.get("db"), {
      audit: auditOf(caller, "group.member_added", "group", groupId, { userId }),
      partnerId: caller.partnerId,
      groupId,
      userId,
    });
    if (outcome === "not_found") throw notFound();
    return c.body(null, 204);
  })
  .openapi(removeMemberRoute, async (c) => {
    const caller = managerOf(c);
    const { id: groupId, userId } = c.req.valid("param");
    const outcome = await removeMember(c.get("db"), {
      audit: auditOf(caller, "group.member_removed", "group", groupId, { userId }),
      partnerId: caller.partnerId,
      groupId,
      userId,
    });
    if (outcome === "not_found") throw notFound();
    return c.body(null, 204);
  });
