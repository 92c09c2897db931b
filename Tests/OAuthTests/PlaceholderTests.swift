import Testing
@testable import OAuth
