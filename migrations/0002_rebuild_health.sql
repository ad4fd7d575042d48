ALTER TABLE `projection_state` ADD `rebuild_progress_at` text;--> statement-breakpoint
ALTER TABLE `projection_state` ADD `rebuild_error` text;--> statement-breakpoint
ALTER TABLE `projection_state` ADD `rebuild_failed_at` text;--> statement-breakpoint
ALTER TABLE `projection_state` ADD `rebuild_attempts` integer;