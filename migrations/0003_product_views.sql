CREATE TABLE `product_views` (
	`gen` integer NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`prices` text NOT NULL,
	`available` integer NOT NULL,
	`version` integer NOT NULL,
	`state` text NOT NULL,
	PRIMARY KEY(`gen`, `sku`)
);
