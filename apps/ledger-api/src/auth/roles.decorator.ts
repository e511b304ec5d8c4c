import { SetMetadata } from '@nestjs/common';
import type { ApiRole } from '../config/ledger-config';

export const ROLES_METADATA = 'cip:roles';
export const PUBLIC_METADATA = 'cip:public';

/** The roles allowed to call a route (or every route of a controller). Routes without it are admin-only. */
export const Roles = (...roles: ApiRole[]) => SetMetadata(ROLES_METADATA, roles);

/** A route anyone may call without a key (health, API docs). */
export const Public = () => SetMetadata(PUBLIC_METADATA, true);
