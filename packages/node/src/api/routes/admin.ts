/** Users, agencies and the policy text: administration. */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { NodeApp } from '../../services/context';
import * as admin from '../../services/admin';
import { readPolicies } from '../../services/policy';
import type { User as UserRecord } from '../../identity/index';
import { Agency, Role, User, errors } from '../schemas';
import { ctxOf, requireActor } from '../session';

const userJson = (u: UserRecord) => ({ ...u, createdAt: new Date(u.createdAt).toISOString(), updatedAt: new Date(u.updatedAt).toISOString() });

export const adminRoutes = (app: NodeApp): FastifyPluginAsyncZod => async (f) => {
  f.get('/admin/users', {
    schema: { tags: ['admin'], summary: 'Users (admin)', response: { 200: z.object({ users: z.array(User) }), ...errors(401, 403) } },
  }, async (req) => ({ users: (await admin.listUsers(ctxOf(app, req), await requireActor(app, req))).map(userJson) }));

  f.post('/admin/users', {
    schema: {
      tags: ['admin'], summary: 'Create a user (admin)',
      body: z.object({
        username: z.string().min(3).max(64), displayName: z.string().min(1).max(200), agencyId: z.string().min(1).max(64),
        roles: z.array(Role).min(1), password: z.string().min(1).max(1024),
      }),
      response: { 200: z.object({ user: User }), ...errors(400, 401, 403, 409) },
    },
  }, async (req) => ({ user: userJson(await admin.createUser(ctxOf(app, req), await requireActor(app, req), req.body)) }));

  f.patch('/admin/users/:id', {
    schema: {
      tags: ['admin'], summary: 'Change a user (admin)',
      params: z.object({ id: z.string().min(1).max(200) }),
      body: z.object({
        displayName: z.string().min(1).max(200).optional(), roles: z.array(Role).min(1).optional(),
        disabled: z.boolean().optional(), password: z.string().min(1).max(1024).optional(),
      }),
      response: { 200: z.object({ user: User }), ...errors(400, 401, 403, 404) },
    },
  }, async (req) => ({ user: userJson(await admin.updateUser(ctxOf(app, req), await requireActor(app, req), req.params.id, req.body)) }));

  f.get('/admin/agencies', {
    schema: { tags: ['admin'], summary: 'Agencies (admin)', response: { 200: z.object({ agencies: z.array(Agency) }), ...errors(401, 403) } },
  }, async (req) => ({ agencies: await admin.listAgencies(ctxOf(app, req), await requireActor(app, req)) }));

  f.post('/admin/agencies', {
    schema: {
      tags: ['admin'], summary: 'Create an agency (admin)',
      body: z.object({ id: z.string().min(2).max(64), country: z.string().length(2), name: z.string().min(1).max(200), nameEn: z.string().min(1).max(200), nameEs: z.string().min(1).max(200) }),
      response: { 200: z.object({ agency: Agency }), ...errors(400, 401, 403, 409) },
    },
  }, async (req) => ({ agency: await admin.createAgency(ctxOf(app, req), await requireActor(app, req), req.body) }));

  f.get('/admin/policies', {
    schema: {
      tags: ['admin'], summary: 'The Cedar policies in force (admin, auditor)',
      response: { 200: z.object({ hash: z.string(), files: z.array(z.object({ file: z.string(), text: z.string() })) }), ...errors(401, 403) },
    },
  }, async (req) => readPolicies(ctxOf(app, req), await requireActor(app, req)));
};
