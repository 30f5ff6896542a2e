/**
 * The access-control roles of a deployment, as the registry defines them
 * (the ids are the contracts' own constants).
 */
import { type Hex, zeroHash } from "viem";

import { contractConstants } from "./abi/enums.ts";

const ids = contractConstants.UnitRegistry;

/**
 * Roles people hold, by name: `admin` (the governor: grants and revokes
 * roles), `registrar` (units and officers), `inspector` (freezes and
 * findings) and `pauser`.
 */
export const ROLES = {
  admin: zeroHash,
  registrar: ids.REGISTRAR_ROLE,
  inspector: ids.INSPECTOR_ROLE,
  pauser: ids.PAUSER_ROLE,
} as const satisfies Record<string, Hex>;

export type RoleName = keyof typeof ROLES;

/** Whether `name` is one of {@link ROLES}. */
export const isRoleName = (name: string): name is RoleName => Object.hasOwn(ROLES, name);
