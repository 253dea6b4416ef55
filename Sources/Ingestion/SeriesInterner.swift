#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A hash table from the raw bytes that name a series (`name{labels}` as written) to the
/// handle the ``SampleHandler`` returned for it, local to one parse.
///
/// Open addressing with linear probing over a power-of-two table kept at most half full;
/// keys are copied into one growing byte arena. Memory grows with the number of distinct
/// series, never with the number of samples. A hit compares the bytes, so hash collisions
/// cannot merge two series.
final class SeriesInterner {
  private struct Slot {
    var hash: UInt64
    var keyOffset: Int
    var keyLength: Int32
    var handle: Int32
  }

  private var slots: UnsafeMutablePointer<Slot>
  private var mask: Int
  private var arena: UnsafeMutableRawPointer
  private var arenaCapacity: Int
  private var arenaCount = 0
  /// The number of distinct keys stored.
  private(set) var count = 0

  /// Creates an empty table.
  init() {
    // Small to start: a parse that shares a stream's interner never uses its own.
    let capacity = 16
    slots = .allocate(capacity: capacity)
    slots.initialize(
      repeating: Slot(hash: 0, keyOffset: -1, keyLength: 0, handle: 0), count: capacity)
    mask = capacity - 1
    arenaCapacity = 1 << 10
    arena = .allocate(byteCount: arenaCapacity, alignment: 16)
  }

  deinit {
    slots.deallocate()
    arena.deallocate()
  }

  /// The handle stored for the `length` bytes at `key` (whose ``hash(_:count:)`` is `hash`).
  @inline(__always)
  func handle(for key: UnsafeRawPointer, length: Int, hash: UInt64) -> Int32? {
    var index = Int(truncatingIfNeeded: hash) & mask
    while true {
      let slot = slots[index]
      if slot.keyOffset < 0 { return nil }
      if slot.hash == hash && Int(slot.keyLength) == length
        && memcmp(arena + slot.keyOffset, key, length) == 0
      {
        return slot.handle
      }
      index = (index + 1) & mask
    }
  }

  /// Stores `handle` for a key not yet present.
  func insert(_ key: UnsafeRawPointer, length: Int, hash: UInt64, handle: Int32) {
    if (count + 1) * 2 > mask + 1 { growTable() }
    if arenaCount + length > arenaCapacity {
      var newCapacity = arenaCapacity * 2
      while arenaCount + length > newCapacity { newCapacity *= 2 }
      let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
      grown.copyMemory(from: arena, byteCount: arenaCount)
      arena.deallocate()
      arena = grown
      arenaCapacity = newCapacity
    }
    (arena + arenaCount).copyMemory(from: key, byteCount: length)
    place(Slot(hash: hash, keyOffset: arenaCount, keyLength: Int32(length), handle: handle))
    arenaCount += length
    count += 1
  }

  private func place(_ slot: Slot) {
    var index = Int(truncatingIfNeeded: slot.hash) & mask
    while slots[index].keyOffset >= 0 { index = (index + 1) & mask }
    slots[index] = slot
  }

  private func growTable() {
    let oldSlots = slots
    let oldCapacity = mask + 1
    let capacity = oldCapacity * 2
    slots = .allocate(capacity: capacity)
    slots.initialize(
      repeating: Slot(hash: 0, keyOffset: -1, keyLength: 0, handle: 0), count: capacity)
    mask = capacity - 1
    for index in 0..<oldCapacity where oldSlots[index].keyOffset >= 0 {
      place(oldSlots[index])
    }
    oldSlots.deallocate()
  }

  /// A fast non-cryptographic 64-bit hash of `count` bytes.
  ///
  /// Four independent multiply-xorshift lanes over 32-byte blocks (so the multiplications
  /// overlap in the pipeline), one lane for the remaining 8-byte words, and the last word
  /// read overlapping the previous one instead of byte by byte.
  @inline(__always)
  static func hash(_ bytes: UnsafeRawPointer, count: Int) -> UInt64 {
    let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
    var lane0: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: count)
    var lane1: UInt64 = 0x1319_8A2E_0370_7344
    var lane2: UInt64 = 0xA409_3822_299F_31D0
    var lane3: UInt64 = 0x082E_FA98_EC4E_6C89
    var offset = 0
    while offset + 32 <= count {
      lane0 = (lane0 ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* multiplier
      lane1 =
        (lane1 ^ bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)) &* multiplier
      lane2 =
        (lane2 ^ bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)) &* multiplier
      lane3 =
        (lane3 ^ bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)) &* multiplier
      lane0 ^= lane0 >> 29
      lane1 ^= lane1 >> 29
      lane2 ^= lane2 >> 29
      lane3 ^= lane3 >> 29
      offset += 32
    }
    var hash = lane0 ^ (lane1 &* 3) ^ (lane2 &* 5) ^ (lane3 &* 7)
    while offset + 8 <= count {
      hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* multiplier
      hash ^= hash >> 29
      offset += 8
    }
    if offset < count {
      var word: UInt64 = 0
      if count >= 8 {
        word = bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
      } else {
        for index in offset..<count {
          word |=
            UInt64(bytes.load(fromByteOffset: index, as: UInt8.self)) << (8 * (index - offset))
        }
      }
      hash = (hash ^ word) &* multiplier
      hash ^= hash >> 29
    }
    hash = (hash ^ (hash >> 32)) &* 0xBF58_476D_1CE4_E5B9
    return hash ^ (hash >> 31)
  }
}
