/**
 * Contact id <-> slot number, on the main thread. A slot is the contact's position in the scoring
 * worker's table and in the score arrays it returns. Slots freed by deleted contacts are reused,
 * so the arrays stay about as long as the largest number of contacts held at once.
 */
export class SlotMap {
  private slots = new Map<string, number>();
  private ids: (string | undefined)[] = [];
  /** Freed slots, to hand out again. */
  private free: number[] = [];

  get size(): number {
    return this.slots.size;
  }

  slotOf(id: string): number | undefined {
    return this.slots.get(id);
  }

  idAt(slot: number): string | undefined {
    return this.ids[slot];
  }

  /** The contact's slot, given one if it has none yet. */
  assign(id: string): number {
    const known = this.slots.get(id);
    if (known !== undefined) return known;
    const slot = this.free.pop() ?? this.ids.length;
    this.slots.set(id, slot);
    this.ids[slot] = id;
    return slot;
  }

  /** Frees the contact's slot and returns it; undefined if it had none. */
  release(id: string): number | undefined {
    const slot = this.slots.get(id);
    if (slot === undefined) return undefined;
    this.slots.delete(id);
    this.ids[slot] = undefined;
    this.free.push(slot);
    return slot;
  }

  entries(): IterableIterator<[id: string, slot: number]> {
    return this.slots.entries();
  }
}
