import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { ApiRole } from '../config/ledger-config';
import { ProblemException } from '../problems/problem';
import { ApiKeyRegistry, type Principal } from './api-key';
import { PUBLIC_METADATA, ROLES_METADATA } from './roles.decorator';

interface RouteAccess {
  isPublic: boolean;
  allowed: readonly ApiRole[];
}

/** The request as seen after authentication. */
export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/**
 * Registered once as APP_GUARD: every route needs a valid Bearer key (401) of a role the route allows
 * (403), unless it is marked @Public(). A route with no @Roles is admin-only, so forgetting the decorator
 * closes a route rather than opening it.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ApiKeyRegistry) private readonly keys: ApiKeyRegistry,
  ) {}

  /** what each route handler allows, read from its decorators once (metadata is fixed after start-up) */
  private readonly access = new WeakMap<object, RouteAccess>();

  canActivate(context: ExecutionContext): boolean {
    const { isPublic, allowed } = this.routeAccess(context);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = this.authenticate(request);
    if (!allowed.includes(principal.role)) {
      throw new ProblemException(
        'forbidden',
        `This endpoint is for the ${allowed.join(' or ')} role; key ${principal.keyId} has the ${principal.role} role.`,
      );
    }
    request.principal = principal;
    return true;
  }

  private routeAccess(context: ExecutionContext): RouteAccess {
    const handler = context.getHandler();
    let access = this.access.get(handler);
    if (!access) {
      const targets = [handler, context.getClass()];
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets) === true,
        allowed: this.reflector.getAllAndOverride<ApiRole[] | undefined>(ROLES_METADATA, targets) ?? ['admin'],
      };
      this.access.set(handler, access);
    }
    return access;
  }

  authenticate(request: FastifyRequest): Principal {
    const presented = bearerKey(request.headers.authorization);
    if (presented === undefined) throw new ProblemException('unauthenticated', 'Send Authorization: Bearer <API key>.');
    const principal = this.keys.authenticate(presented);
    if (!principal) throw new ProblemException('unauthenticated', 'The API key is not valid.');
    return principal;
  }
}

/** The key of an `Authorization: Bearer <key>` header, or undefined when the header is absent or of another form. */
export function bearerKey(header: string | string[] | undefined): string | undefined {
  const match = typeof header === 'string' ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  return match ? match[1] : undefined;
}
