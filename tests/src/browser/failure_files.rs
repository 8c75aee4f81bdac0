//! What a failing test leaves behind, per browser: a screenshot, the page
//! source (with its URL) and the console.

use std::path::{Path, PathBuf};

use super::session::Browser;

impl Browser {
    /// Saves a screenshot, the page source and the console into `folder`;
    /// returns the files written.
    pub(crate) async fn save_artefacts(&self, folder: &Path) -> Vec<PathBuf> {
        let mut saved = Vec::new();
        let name = &self.name();
        if let Ok(png) = self.client().screenshot().await {
            let path = folder.join(format!("{name}.png"));
            if std::fs::write(&path, png).is_ok() {
                saved.push(path);
            }
        }
        if let Ok(html) = self.client().source().await {
            let url = self
                .client()
                .current_url()
                .await
                .map(|url| url.to_string())
                .unwrap_or_default();
            let path = folder.join(format!("{name}.html"));
            if std::fs::write(&path, format!("<!-- {url} -->\n{html}")).is_ok() {
                saved.push(path);
            }
        }
        // What the console said, even if the driver no longer answers.
        let _ = self.console_log().read(self.client()).await;
        let lines = self.console_log().lines();
        let path = folder.join(format!("{name}-console.log"));
        if std::fs::write(&path, lines).is_ok() {
            saved.push(path);
        }
        saved
    }
}
