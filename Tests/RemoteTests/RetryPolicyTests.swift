import Testing

@testable import Remote

@Suite struct RetryPolicyTests {
  @Test func defaultDelaysDouble() {
    let policy = RetryPolicy()
    #expect(policy.retries == 3)
    #expect((1...3).map(policy.delay(beforeRetry:)) == [0.5, 1, 2])
  }

  @Test func delaysAreCapped() {
    let policy = RetryPolicy(retries: 2000, initialDelay: 1, multiplier: 10, maximumDelay: 5)
    #expect(policy.delay(beforeRetry: 3) == 5)
    #expect(policy.delay(beforeRetry: 2000) == 5)
  }

  @Test(arguments: [
    (429, true), (500, true), (503, true), (599, true), (400, false), (404, false), (200, false),
  ])
  func retryableStatuses(_ status: Int, _ retryable: Bool) {
    #expect(RetryPolicy.isRetryable(status: status) == retryable)
  }
}
