CREATE TABLE `projection_throughput` (
	`gen` integer NOT NULL,
	`minute` integer NOT NULL,
	`events` integer NOT NULL,
	PRIMARY KEY(`gen`, `minute`)
);
--> statement-breakpoint
ALTER TABLE `projection_checkpoints` ADD `oldest_waiting_at` text;