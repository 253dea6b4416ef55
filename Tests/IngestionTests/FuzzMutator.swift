/// A seeded mutation fuzzer over byte strings: the same seed gives the same mutants.
///
/// Each mutant applies one to four edits to a seed input: flip a bit, insert a token the
/// text formats give meaning to (`{ } " \ # NaN +Inf le=` and `# EOF`), truncate, or
/// duplicate a slice (a repeated line, label or bucket).
struct FuzzMutator {
  /// Tokens whose insertion most often breaks a parser's assumptions.
  static let tokens: [[UInt8]] = [
    "{", "}", "\"", "\\", "#", "NaN", "+Inf", "le=", "# EOF", "\n", " ", ",", "=", "-Inf",
    "\n# EOF\n", "_total", "_bucket", "# TYPE a histogram\n", "1e400", "\u{0}", "\r",
  ].map { Array($0.utf8) }

  private var state: UInt64

  /// A mutator whose choices follow from `seed`.
  init(seed: UInt64) {
    state = seed
  }

  /// SplitMix64: a fast, well-mixed 64-bit sequence.
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<bound` (bound > 0).
  mutating func below(_ bound: Int) -> Int {
    Int(next() % UInt64(max(bound, 1)))
  }

  /// One mutant of `input`.
  mutating func mutate(_ input: [UInt8]) -> [UInt8] {
    var bytes = input
    for _ in 0...below(4) {
      switch below(5) {
      case 0 where !bytes.isEmpty:
        let index = below(bytes.count)
        bytes[index] ^= UInt8(1 << below(8))
      case 1, 2:
        let token = Self.tokens[below(Self.tokens.count)]
        bytes.insert(contentsOf: token, at: below(bytes.count + 1))
      case 3 where !bytes.isEmpty:
        bytes.removeLast(below(bytes.count) / 2 + 1)
      case 4 where !bytes.isEmpty:
        let start = below(bytes.count)
        let length = min(bytes.count - start, below(200) + 1)
        bytes.insert(contentsOf: bytes[start..<start + length], at: below(bytes.count + 1))
      default:
        bytes.append(contentsOf: Self.tokens[below(Self.tokens.count)])
      }
    }
    return bytes
  }
}
