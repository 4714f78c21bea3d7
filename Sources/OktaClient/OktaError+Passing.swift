/// A failure that passes: the org, or a proxy in front of it, failed this once. Reading again
/// later may well succeed, and no setting of the run is wrong, so the words send the admin to
/// wait and try again, never to the org URL, and the wizard keeps the org it last read.
package enum PassingFailure: Sendable, Equatable {
    /// A 5xx: Okta's own error, or a gateway's page in its place.
    case serverFailing(status: Int)
    /// An answer that did not come (in time) or broke off.
    case noAnswer
}

extension OktaError {
    package var passingFailure: PassingFailure? {
        if let status = httpStatus, (500..<600).contains(status), code == .api { return .serverFailing(status: status) }
        switch problem {
        case .timeout, .slowAnswer, .connectionClosed: return .noAnswer
        default: return nil
        }
    }
}
