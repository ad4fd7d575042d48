-- One checkpoint per generation and partition of the events Queue: each partition's
-- consumer notes its own batches (src/read/shards.ts). Existing rows become partition 0.
-- No foreign key refers to this table, so no PRAGMA is needed around the copy.
CREATE TABLE `__new_projection_checkpoints` (
	`gen` integer NOT NULL,
	`partition` integer DEFAULT 0 NOT NULL,
	`events_applied` integer NOT NULL,
	`last_event_id` text NOT NULL,
	`last_event_at` text NOT NULL,
	`last_projected_at` text NOT NULL,
	`last_lag_ms` integer NOT NULL,
	`backlog` integer NOT NULL,
	`oldest_waiting_at` text,
	PRIMARY KEY(`gen`, `partition`)
);
--> statement-breakpoint
INSERT INTO `__new_projection_checkpoints`("gen", "partition", "events_applied", "last_event_id", "last_event_at", "last_projected_at", "last_lag_ms", "backlog", "oldest_waiting_at") SELECT "gen", 0, "events_applied", "last_event_id", "last_event_at", "last_projected_at", "last_lag_ms", "backlog", "oldest_waiting_at" FROM `projection_checkpoints`;--> statement-breakpoint
DROP TABLE `projection_checkpoints`;--> statement-breakpoint
ALTER TABLE `__new_projection_checkpoints` RENAME TO `projection_checkpoints`;
