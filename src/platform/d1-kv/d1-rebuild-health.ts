/**
 * RebuildHealth on D1: a rebuild's progress and its last failed step, kept on
 * the projection_state row beside its cursor, where GET /admin/projections
 * reads them (src/platform/d1-kv/d1-projection-admin.ts). Each write
 * touches the row only while `gen` is the generation being built, so a late
 * note of a finished or superseded rebuild changes nothing.
 */
import { and, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { RebuildHealth } from "../../read/ports.ts";
import { projectionState } from "../../read/schema.ts";

export function d1RebuildHealth(d1: D1Database): RebuildHealth {
  const db = drizzle(d1);
  const building = (gen: number) => and(eq(projectionState.id, 1), eq(projectionState.buildingGen, gen));
  return {
    async progressed(gen, at) {
      await db
        .update(projectionState)
        .set({ rebuildProgressAt: at, rebuildError: null, rebuildFailedAt: null, rebuildAttempts: null })
        .where(building(gen))
        .run();
    },
    async failed(gen, { error, at, attempts }) {
      await db
        .update(projectionState)
        .set({ rebuildError: error, rebuildFailedAt: at, rebuildAttempts: attempts })
        .where(building(gen))
        .run();
    },
  };
}
