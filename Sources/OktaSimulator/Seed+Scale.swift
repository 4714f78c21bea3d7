import Foundation

/// `simulator --dialpad-users N`: a seed's org at any size, built when the simulator starts
/// (users are generated from their number), so verify can be measured on 100,000 users
/// without a seed file of that size (issue 25).
extension SeedFile {
    /// The most users the flag takes: verify reads at most 2,000 pages of 500 (`maxPagesPerListing`).
    static let mostDialpadUsers = 1_000_000

    /// The first `count` users assigned to the `dialpad` app, with users added where the seed has fewer.
    mutating func assignToDialpad(_ count: Int) throws {
        guard (1...Self.mostDialpadUsers).contains(count) else {
            throw SimulatorError(code: "dialpad-users-out-of-range",
                                 message: "--dialpad-users takes 1 to \(Self.mostDialpadUsers) users; got \(count).")
        }
        guard let index = apps.firstIndex(where: { $0.key == "dialpad" }) else {
            throw SimulatorError(code: "dialpad-users-no-app", message: "The seed has no Dialpad app (key dialpad) to assign users to.")
        }
        users.count = max(users.count, count)
        apps[index].assign = count
    }
}
