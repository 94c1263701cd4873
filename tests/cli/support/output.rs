//! Reading what a command printed, for tests that must see it succeed.

use assert_cmd::Command;

/// The standard output of a command that must succeed.
pub trait SuccessOutput {
    fn success_stdout(&mut self) -> Vec<u8>;
}

impl SuccessOutput for Command {
    fn success_stdout(&mut self) -> Vec<u8> {
        self.assert().success().get_output().stdout.clone()
    }
}
