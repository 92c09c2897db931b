import Testing
@testable import LoopbackRedirect
