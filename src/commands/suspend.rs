//! `recall suspend ID…` / `recall unsuspend ID…`: keeps cards out of reviews,
//! or brings them back.

use std::process::ExitCode;

use crate::settings::Context;

/// Keep cards out of reviews until unsuspended.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example: recall suspend 12 40")]
pub struct SuspendArgs {
    #[arg(required = true)]
    pub ids: Vec<i64>,
}

/// Bring suspended cards back into reviews.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example: recall unsuspend 12")]
pub struct UnsuspendArgs {
    #[arg(required = true)]
    pub ids: Vec<i64>,
}

pub fn suspend(ctx: &Context, args: &SuspendArgs) -> anyhow::Result<ExitCode> {
    set_suspended(ctx, &args.ids, true)
}

pub fn unsuspend(ctx: &Context, args: &UnsuspendArgs) -> anyhow::Result<ExitCode> {
    set_suspended(ctx, &args.ids, false)
}

fn set_suspended(ctx: &Context, ids: &[i64], suspend: bool) -> anyhow::Result<ExitCode> {
    let (store, _) = super::open_store(ctx)?;
    // All or nothing: a typo in one id changes no card.
    let missing = store.missing_ids(ids)?;
    if let Some(id) = missing.first() {
        anyhow::bail!("no card has id {id} (see `recall cards` for ids)");
    }
    store.write(|w| {
        for &id in ids {
            w.set_suspended(id, suspend)?;
        }
        Ok::<_, crate::store::StoreError>(())
    })?;
    let verb = if suspend { "suspended" } else { "unsuspended" };
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    println!(
        "{verb} {} card{}: {}",
        ids.len(),
        if ids.len() == 1 { "" } else { "s" },
        list.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}
