-- Custom migration (drizzle-kit does not model triggers or seed rows).
--
-- daily_stats moves only when a stat_deltas row is really inserted: the
-- projector inserts deltas with ON CONFLICT DO NOTHING, so a redelivered
-- event fires nothing and cannot count twice.
CREATE TRIGGER `stat_deltas_to_daily_stats` AFTER INSERT ON `stat_deltas`
BEGIN
  INSERT INTO `daily_stats` (`gen`, `day`, `currency`, `orders_placed`, `orders_paid`, `orders_cancelled`, `revenue`)
  VALUES (NEW.`gen`, NEW.`day`, NEW.`currency`, NEW.`placed`, NEW.`paid`, NEW.`cancelled`, NEW.`revenue`)
  ON CONFLICT (`gen`, `day`, `currency`) DO UPDATE SET
    `orders_placed` = `orders_placed` + excluded.`orders_placed`,
    `orders_paid` = `orders_paid` + excluded.`orders_paid`,
    `orders_cancelled` = `orders_cancelled` + excluded.`orders_cancelled`,
    `revenue` = `revenue` + excluded.`revenue`;
END;
--> statement-breakpoint
-- Generation 1 is active from the start; a rebuild takes next_gen.
INSERT INTO `projection_state` (`id`, `active_gen`, `next_gen`) VALUES (1, 1, 2) ON CONFLICT (`id`) DO NOTHING;
