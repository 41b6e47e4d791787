//! haven's vocabulary, defined once for the bundle, the guide, the index, the pages and the
//! CLI: the codes of haven's own taxonomy terms ([`term`], with their names in [`TERMS`]), how
//! an attribute links a service to a situation or a population, and (from [`crate::haven`]) the
//! attribution action types and the area URIs. Code compares codes, never display names, so a
//! renamed or translated term changes no behaviour.

pub use crate::haven::{
    Area, ACTION_LEAD, ACTION_SOURCE_SEEN, ACTION_VERIFIED, AREA_URI_PREFIX, BUNDLED_BY_PREFIX,
};

/// The codes (`taxonomy_term.code`) of haven's own terms, one constant each.
pub mod term {
    // groups
    /// Situations served.
    pub const SITUATIONS: &str = "situations";
    /// Populations served.
    pub const POPULATIONS: &str = "populations";
    /// Service types.
    pub const SERVICE_TYPES: &str = "service-types";
    /// Listing marks.
    pub const LISTING_MARKS: &str = "listing-marks";
    /// Hospitals that serve only some people.
    pub const HOSPITAL_KINDS: &str = "hospital-kinds";

    // situations
    /// Human trafficking.
    pub const TRAFFICKING: &str = "trafficking";
    /// Domestic violence.
    pub const DOMESTIC_VIOLENCE: &str = "domestic-violence";
    /// Sexual assault.
    pub const SEXUAL_ASSAULT: &str = "sexual-assault";
    /// Violent crime.
    pub const VIOLENT_CRIME: &str = "violent-crime";
    /// Hate crime.
    pub const HATE_CRIME: &str = "hate-crime";
    /// Property or financial crime.
    pub const FINANCIAL_CRIME: &str = "financial-crime";

    // service types (NYC Crime Victim Services Finder flags; names from its fields.js)
    /// Hotline.
    pub const HOTLINE: &str = "hotline";
    /// Crisis support.
    pub const CRISIS: &str = "crisis";
    /// Emergency services.
    pub const EMERGENCY: &str = "emergency";
    /// Case Management.
    pub const CASE_MANAGEMENT: &str = "case-management";
    /// Crisis Intervention.
    pub const CRISIS_INTERVENTION: &str = "crisis-intervention";
    /// Legal Services.
    pub const LEGAL: &str = "legal";
    /// Safety Planning.
    pub const SAFETY_PLANNING: &str = "safety-planning";
    /// Immigration Services.
    pub const IMMIGRATION: &str = "immigration";
    /// Emergency or Transitional Shelter.
    pub const SHELTER: &str = "shelter";
    /// Permanent Housing.
    pub const HOUSING: &str = "housing";
    /// Health Care.
    pub const HEALTH_CARE: &str = "health-care";
    /// Mental Health Counseling.
    pub const COUNSELING: &str = "counseling";
    /// Drug Addiction Screening and Treatment.
    pub const ADDICTION: &str = "addiction";
    /// Language Interpretation.
    pub const INTERPRETATION: &str = "interpretation";
    /// Public Benefits.
    pub const PUBLIC_BENEFITS: &str = "public-benefits";
    /// Job Training and Economic Empowerment.
    pub const JOB_TRAINING: &str = "job-training";
    /// Restorative Justice.
    pub const RESTORATIVE_JUSTICE: &str = "restorative-justice";

    // populations (names as the NYC finder's fields.js gives them)
    /// Arab/Middle Eastern.
    pub const ARAB_MIDDLE_EASTERN: &str = "arab-middle-eastern";
    /// Asian/Pacific Islander.
    pub const ASIAN_PACIFIC_ISLANDER: &str = "asian-pacific-islander";
    /// Black/African American/African.
    pub const BLACK_AFRICAN_AMERICAN_AFRICAN: &str = "black-african-american-african";
    /// Caribbean/Indo-Caribbean.
    pub const CARIBBEAN_INDO_CARIBBEAN: &str = "caribbean-indo-caribbean";
    /// Hispanic/Latino/a/x.
    pub const HISPANIC_LATINO: &str = "hispanic-latino";
    /// South Asian.
    pub const SOUTH_ASIAN: &str = "south-asian";
    /// Jewish.
    pub const JEWISH: &str = "jewish";
    /// Hindu.
    pub const HINDU: &str = "hindu";
    /// Muslim.
    pub const MUSLIM: &str = "muslim";
    /// Sikh.
    pub const SIKH: &str = "sikh";
    /// Indigenous/First People/American Indian/Native American.
    pub const INDIGENOUS: &str = "indigenous";
    /// LGBTQ+.
    pub const LGBTQ: &str = "lgbtq";
    /// Transgender and Gender Nonconforming Focus.
    pub const TRANSGENDER_GENDER_NONCONFORMING: &str = "transgender-gender-nonconforming";
    /// People with Disabilities.
    pub const PEOPLE_WITH_DISABILITIES: &str = "people-with-disabilities";

    // listing marks
    /// Confidential location.
    pub const CONFIDENTIAL_LOCATION: &str = "confidential-location";
    /// Network member.
    pub const NETWORK_MEMBER: &str = "network-member";
    /// Federal anti-trafficking grant.
    pub const FEDERAL_GRANT: &str = "federal-grant";

    // hospitals
    /// Hospital.
    pub const HOSPITAL: &str = "hospital";
    /// Emergency department.
    pub const EMERGENCY_DEPARTMENT: &str = "emergency-department";
    /// No emergency department.
    pub const NO_EMERGENCY_DEPARTMENT: &str = "no-emergency-department";
    /// Serves only some people.
    pub const SERVES_SOME_PEOPLE: &str = "serves-some-people";
    /// Psychiatric hospital.
    pub const PSYCHIATRIC_HOSPITAL: &str = "psychiatric-hospital";
    /// Children's hospital.
    pub const CHILDRENS_HOSPITAL: &str = "childrens-hospital";
    /// Veterans or military hospital.
    pub const VETERANS_OR_MILITARY: &str = "veterans-or-military";
    /// Long-term care hospital.
    pub const LONG_TERM_CARE: &str = "long-term-care";
    /// Rehabilitation hospital.
    pub const REHABILITATION_HOSPITAL: &str = "rehabilitation-hospital";
    /// Women's hospital.
    pub const WOMENS_HOSPITAL: &str = "womens-hospital";
    /// Chronic disease hospital.
    pub const CHRONIC_DISEASE_HOSPITAL: &str = "chronic-disease-hospital";
}

/// `attribute.link_type` of a situation a service is for (who is eligible).
pub const LINK_ELIGIBILITY: &str = "eligibility";
/// `attribute.link_type` of a population a service says it is competent to serve.
pub const LINK_AUDIENCE: &str = "audience";

/// The name of haven's taxonomy (`taxonomy.name`, and `taxonomy_term.taxonomy` of its terms).
pub const TAXONOMY_NAME: &str = "haven";

/// Every haven term: (code, name, description, parent code or ""), parents first. Codes are
/// stable (search filters, links and content use them); names are what people read.
pub const TERMS: &[(&str, &str, &str, &str)] = &[
    // groups
    (term::SITUATIONS, "Situations served", "What happened to the people a service is for.", ""),
    (term::POPULATIONS, "Populations served", "Communities a service says it is culturally competent to serve (as the source lists them).", ""),
    (term::SERVICE_TYPES, "Service types", "What a service does, in haven's words (each also mapped to Open Eligibility).", ""),
    (term::LISTING_MARKS, "Listing marks", "Facts about a listing itself: confidential address, evidence of network membership or grants.", ""),
    (term::HOSPITAL_KINDS, "Hospitals that serve only some people", "Hospitals whose care is limited to some people or needs (from the HIFLD hospital type and name).", ""),
    // situations
    (term::TRAFFICKING, "Human trafficking", "Help for anyone affected by or worried about human trafficking or modern slavery.", term::SITUATIONS),
    (term::DOMESTIC_VIOLENCE, "Domestic violence", "Support and safety planning for people experiencing abuse at home, by a partner or by family.", term::SITUATIONS),
    (term::SEXUAL_ASSAULT, "Sexual assault", "Help for survivors of sexual assault.", term::SITUATIONS),
    (term::VIOLENT_CRIME, "Violent crime", "Help for victims of violent crime.", term::SITUATIONS),
    (term::HATE_CRIME, "Hate crime", "Help for victims of hate crimes.", term::SITUATIONS),
    (term::FINANCIAL_CRIME, "Property or financial crime", "Help for victims of property or financial crimes.", term::SITUATIONS),
    // service types (NYC Crime Victim Services Finder flags; names from its fields.js)
    (term::HOTLINE, "Hotline", "A phone, text or chat line people can reach directly.", term::SERVICE_TYPES),
    (term::CRISIS, "Crisis support", "Immediate emotional or crisis support.", term::SERVICE_TYPES),
    (term::EMERGENCY, "Emergency services", "Emergency response for immediate danger to life.", term::SERVICE_TYPES),
    (term::CASE_MANAGEMENT, "Case Management", "Someone who works with you on your needs and connects you to services.", term::SERVICE_TYPES),
    (term::CRISIS_INTERVENTION, "Crisis Intervention", "Immediate support right after a crime or in a crisis.", term::SERVICE_TYPES),
    (term::LEGAL, "Legal Services", "Legal advice or representation.", term::SERVICE_TYPES),
    (term::SAFETY_PLANNING, "Safety Planning", "Help making a plan to stay safe.", term::SERVICE_TYPES),
    (term::IMMIGRATION, "Immigration Services", "Help with immigration status and relief (e.g. T and U visas).", term::SERVICE_TYPES),
    (term::SHELTER, "Emergency or Transitional Shelter", "A safe place to stay, short term or transitional.", term::SERVICE_TYPES),
    (term::HOUSING, "Permanent Housing", "Help with long-term housing.", term::SERVICE_TYPES),
    (term::HEALTH_CARE, "Health Care", "Medical care.", term::SERVICE_TYPES),
    (term::COUNSELING, "Mental Health Counseling", "Counseling and therapy.", term::SERVICE_TYPES),
    (term::ADDICTION, "Drug Addiction Screening and Treatment", "Screening and treatment for drug or alcohol use.", term::SERVICE_TYPES),
    (term::INTERPRETATION, "Language Interpretation", "Interpreters for people who speak other languages.", term::SERVICE_TYPES),
    (term::PUBLIC_BENEFITS, "Public Benefits", "Help applying for government benefits.", term::SERVICE_TYPES),
    (term::JOB_TRAINING, "Job Training and Economic Empowerment", "Job training and help with money and work.", term::SERVICE_TYPES),
    (term::RESTORATIVE_JUSTICE, "Restorative Justice", "Restorative justice programs.", term::SERVICE_TYPES),
    // populations (names as the NYC finder's fields.js gives them)
    (term::ARAB_MIDDLE_EASTERN, "Arab/Middle Eastern", "Arab and Middle Eastern communities.", term::POPULATIONS),
    (term::ASIAN_PACIFIC_ISLANDER, "Asian/Pacific Islander", "Asian and Pacific Islander communities.", term::POPULATIONS),
    (term::BLACK_AFRICAN_AMERICAN_AFRICAN, "Black/African American/African", "Black, African American and African communities.", term::POPULATIONS),
    (term::CARIBBEAN_INDO_CARIBBEAN, "Caribbean/Indo-Caribbean", "Caribbean and Indo-Caribbean communities.", term::POPULATIONS),
    (term::HISPANIC_LATINO, "Hispanic/Latino/a/x", "Hispanic and Latino/a/x communities.", term::POPULATIONS),
    (term::SOUTH_ASIAN, "South Asian", "South Asian communities.", term::POPULATIONS),
    (term::JEWISH, "Jewish", "Jewish communities.", term::POPULATIONS),
    (term::HINDU, "Hindu", "Hindu communities.", term::POPULATIONS),
    (term::MUSLIM, "Muslim", "Muslim communities.", term::POPULATIONS),
    (term::SIKH, "Sikh", "Sikh communities.", term::POPULATIONS),
    (term::INDIGENOUS, "Indigenous/First People/American Indian/Native American", "Indigenous, First People, American Indian and Native American communities.", term::POPULATIONS),
    (term::LGBTQ, "LGBTQ+", "LGBTQ+ people.", term::POPULATIONS),
    (term::TRANSGENDER_GENDER_NONCONFORMING, "Transgender and Gender Nonconforming Focus", "Transgender and gender nonconforming people.", term::POPULATIONS),
    (term::PEOPLE_WITH_DISABILITIES, "People with Disabilities", "People with disabilities.", term::POPULATIONS),
    // listing marks
    (term::CONFIDENTIAL_LOCATION, "Confidential location", "The street address and exact position of this location are confidential (a shelter or safe house): shown by organization, phone and area only.", term::LISTING_MARKS),
    (term::NETWORK_MEMBER, "Network member", "Listed as a member of an anti-trafficking network (the attribute's value says which, when, and the source).", term::LISTING_MARKS),
    (term::FEDERAL_GRANT, "Federal anti-trafficking grant", "Named as the recipient of a federal anti-trafficking grant (the attribute's value says which, and the source).", term::LISTING_MARKS),
    // hospitals
    (term::HOSPITAL, "Hospital", "A hospital.", ""),
    (term::EMERGENCY_DEPARTMENT, "Emergency department", "The hospital reports an emergency department (CMS Hospital General Information: Emergency Services = Yes).", ""),
    (term::NO_EMERGENCY_DEPARTMENT, "No emergency department", "The hospital reports no emergency department (CMS Hospital General Information: Emergency Services = No).", ""),
    (term::SERVES_SOME_PEOPLE, "Serves only some people", "A hospital whose care is limited to some people or needs; see its other labels.", term::HOSPITAL_KINDS),
    (term::PSYCHIATRIC_HOSPITAL, "Psychiatric hospital", "Psychiatric (mental health) care only.", term::HOSPITAL_KINDS),
    (term::CHILDRENS_HOSPITAL, "Children's hospital", "Care for children and young people.", term::HOSPITAL_KINDS),
    (term::VETERANS_OR_MILITARY, "Veterans or military hospital", "For veterans (VA) or military members and their families; others usually only in an emergency.", term::HOSPITAL_KINDS),
    (term::LONG_TERM_CARE, "Long-term care hospital", "Long stays for patients who need hospital care for a long time; by admission, not walk-in.", term::HOSPITAL_KINDS),
    (term::REHABILITATION_HOSPITAL, "Rehabilitation hospital", "Rehabilitation after illness or injury; by admission, not walk-in.", term::HOSPITAL_KINDS),
    (term::WOMENS_HOSPITAL, "Women's hospital", "Care for women (e.g. maternity).", term::HOSPITAL_KINDS),
    (term::CHRONIC_DISEASE_HOSPITAL, "Chronic disease hospital", "Care for long-term (chronic) illness; by admission, not walk-in.", term::HOSPITAL_KINDS),
];

/// The name of a haven term by its code, for words that quote it (None for another code).
pub fn term_name(code: &str) -> Option<&'static str> {
    TERMS.iter().find(|t| t.0 == code).map(|t| t.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_parents_come_first() {
        let mut seen: Vec<&str> = Vec::new();
        for (code, name, description, parent) in TERMS {
            assert!(!seen.contains(code), "{code} twice");
            assert!(!name.is_empty() && !description.is_empty(), "{code}");
            assert!(
                parent.is_empty() || seen.contains(parent),
                "{code}: parent {parent}"
            );
            assert!(
                code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{code}"
            );
            seen.push(code);
        }
        assert_eq!(
            term_name(term::EMERGENCY_DEPARTMENT),
            Some("Emergency department")
        );
        assert_eq!(term_name("nope"), None);
        assert_eq!(
            crate::haven::CONFIDENTIAL_TERM_CODE,
            term::CONFIDENTIAL_LOCATION
        );
    }
}
