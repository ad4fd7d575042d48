CREATE TABLE `daily_stats` (
	`gen` integer NOT NULL,
	`day` text NOT NULL,
	`currency` text NOT NULL,
	`orders_placed` integer DEFAULT 0 NOT NULL,
	`orders_paid` integer DEFAULT 0 NOT NULL,
	`orders_cancelled` integer DEFAULT 0 NOT NULL,
	`revenue` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`gen`, `day`, `currency`)
);
--> statement-breakpoint
CREATE TABLE `dead_letters` (
	`id` text PRIMARY KEY NOT NULL,
	`body` text NOT NULL,
	`attempts` integer NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dead_letters_by_received` ON `dead_letters` (`received_at`,`id`);--> statement-breakpoint
CREATE TABLE `order_views` (
	`gen` integer NOT NULL,
	`order_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`status` text NOT NULL,
	`currency` text NOT NULL,
	`item_count` integer NOT NULL,
	`total` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer NOT NULL,
	`state` text NOT NULL,
	PRIMARY KEY(`gen`, `order_id`)
);
--> statement-breakpoint
CREATE INDEX `order_views_by_customer` ON `order_views` (`gen`,`customer_id`,`created_at`,`order_id`);--> statement-breakpoint
CREATE INDEX `order_views_by_customer_status` ON `order_views` (`gen`,`customer_id`,`status`,`created_at`,`order_id`);--> statement-breakpoint
CREATE INDEX `order_views_by_status` ON `order_views` (`gen`,`status`,`created_at`,`order_id`);--> statement-breakpoint
CREATE INDEX `order_views_by_created` ON `order_views` (`gen`,`created_at`,`order_id`);--> statement-breakpoint
CREATE TABLE `projection_checkpoints` (
	`gen` integer PRIMARY KEY NOT NULL,
	`events_applied` integer NOT NULL,
	`last_event_id` text NOT NULL,
	`last_event_at` text NOT NULL,
	`last_projected_at` text NOT NULL,
	`last_lag_ms` integer NOT NULL,
	`backlog` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `projection_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`active_gen` integer NOT NULL,
	`building_gen` integer,
	`next_gen` integer NOT NULL,
	`rebuild_shard` integer,
	`rebuild_after` text,
	`rebuild_started_at` text,
	`rebuild_orders` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `stat_deltas` (
	`gen` integer NOT NULL,
	`order_id` text NOT NULL,
	`version` integer NOT NULL,
	`day` text NOT NULL,
	`currency` text NOT NULL,
	`placed` integer NOT NULL,
	`paid` integer NOT NULL,
	`cancelled` integer NOT NULL,
	`revenue` integer NOT NULL,
	PRIMARY KEY(`gen`, `order_id`, `version`)
);
