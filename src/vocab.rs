//! The closed vocabularies of the journal format — where a mission stands, who ended it, what
//! is published, the client's kind in law, how a notice was given — as the journal schema, the
//! configuration (`[[lint.require]] status`) and the site share them. It sits below `config` and
//! `journal`, so that both read it and neither reads the other for it.

macro_rules! value_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

value_enum!(
    /// Where the mission stands.
    Status { Active = "active", Ending = "ending", Closed = "closed" }
);
value_enum!(
    /// Who ended the mission; `term` = the contract ran out.
    EndedBy { Me = "me", Client = "client", Mutual = "mutual", Term = "term" }
);
value_enum!(
    /// What a public build may show of a mission.
    Publish { Private = "private", Lessons = "lessons", CaseStudy = "case-study" }
);
value_enum!(
    /// Who the client is in law: a business (B2B) or a consumer (B2C).
    ClientKind { Business = "business", Consumer = "consumer" }
);
value_enum!(
    /// How a notice was given.
    Channel { Email = "email", Letter = "letter", Rar = "rar", Phone = "phone", Meeting = "meeting" }
);
