CREATE TABLE `message_failures` (
	`id` text PRIMARY KEY NOT NULL,
	`error` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `message_failures_by_at` ON `message_failures` (`at`);--> statement-breakpoint
ALTER TABLE `dead_letters` ADD `error` text;