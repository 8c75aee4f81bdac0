use actix_session::Session;
use actix_web::{HttpRequest, web};

use super::access::{Visitor, visitor};
use super::templates::{HomePage, Layout};
use crate::state::AppState;

pub async fn show(state: web::Data<AppState>, request: HttpRequest, session: Session) -> HomePage {
    let visitor = visitor(&state, &request);
    let user = match &visitor {
        Visitor::SignedIn(grant) => Some(grant),
        _ => None,
    };
    HomePage {
        layout: Layout::new(&session, "Home", "home", user),
        lapsed: matches!(visitor, Visitor::Lapsed),
    }
}
