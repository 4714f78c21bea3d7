/// Okta's error codes whose meaning is the code itself: each language words the error from the
/// code (and the status), never from Okta's English `errorSummary`. The codes and what they mean
/// are Okta's error-code reference (developer.okta.com/docs/reference/error-codes) and the
/// spec's examples (`ErrorApiValidationFailed`, `ErrorInternalServerError`, `ErrorTooManyRequests`,
/// `ErrorResourceNotFound`, `ErrorInvalidTokenProvided`, `ErrorAccessDenied`).
package enum WellKnownOktaCode: String, Sendable, CaseIterable {
    /// "Api validation failed: …": Okta's causes say what.
    case validationFailed = "E0000001"
    /// "The request body was not well-formed."
    case malformedRequest = "E0000003"
    /// "You do not have permission to perform the requested action": the admin's role (R8). The
    /// spec's examples also use it for Device Bound Session Credentials not enabled, a sign-in
    /// matter none of this tool's calls meet.
    case accessDenied = "E0000006"
    /// "Not found: Resource not found: … (…)": the request's path names what.
    case notFound = "E0000007"
    /// "Internal Server Error".
    case internalError = "E0000009"
    /// "Invalid token provided" / "Invalid session".
    case invalidToken = "E0000011"
    /// "You do not have permission to access the feature you are requesting".
    case featureNotEnabled = "E0000015"
    /// "API call exceeded rate limit due to too many requests."
    case rateLimited = "E0000047"
}

extension OktaError {
    /// Okta's code when this tool words it from the code alone.
    package var wellKnownCode: WellKnownOktaCode? { errorCode.flatMap(WellKnownOktaCode.init(rawValue:)) }

    /// Okta's summary when it says more than the words of its code: shown only quoted and
    /// labelled as Okta's, beside the words, never as them. nil for a well-known code, whose
    /// summary only repeats it in English, and for an answer that was not Okta's.
    package var summaryBeyondCode: String? {
        guard wellKnownCode == nil, let summary = errorSummary, !summary.isEmpty else { return nil }
        if case .notAnOktaAnswer = problem { return nil }
        return summary
    }
}
