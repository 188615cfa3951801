"""Names shared by the domain and the actions: intents, slots, entities."""

from knowledge import topics

# Each question intent answers one knowledge-base topic.
TOPIC_BY_INTENT = {
    "ask_deadlines": topics.DEADLINES,
    "ask_fees": topics.FEES,
    "ask_prerequisites": topics.PREREQUISITES,
    "ask_careers": topics.CAREERS,
    "ask_documents": topics.DOCUMENTS,
    "ask_admission_process": topics.ADMISSION,
    "ask_tracks": topics.TRACKS,
    "ask_curriculum": topics.CURRICULUM,
    "ask_internships": topics.INTERNSHIPS,
    "ask_location": topics.LOCATION,
    "ask_language": topics.LANGUAGE,
    "ask_degree": topics.DEGREE,
    "ask_capacity": topics.CAPACITY,
    "ask_duration": topics.DURATION,
    "ask_overview": topics.OVERVIEW,
    "ask_contact": topics.CONTACT,
    # Topics added with the knowledge builder's new vocabulary; until a page yields facts for
    # them, the answer comes from the page's own sentences.
    "ask_start_date": "start_date",
    "ask_credits": "credits",
    "ask_study_mode": "study_mode",
    "ask_scholarships": "scholarships",
    "ask_housing": "housing",
    "ask_international": "international",
    "ask_assessment": "assessment",
    "ask_recognition": "recognition",
    "ask_partners": "partners",
}
NLU_FALLBACK = "nlu_fallback"
OUT_OF_SCOPE = "out_of_scope"
INFORM_PROGRAMME = "inform_programme"

SLOT_PROGRAMME = "programme"
SLOT_TOPIC = "topic"
SLOT_LANGUAGE = "language"
SLOT_ANSWER_STATUS = "answer_status"
SLOT_LEVEL = "level"
SLOT_APPLICANT_PROFILE = "applicant_profile"
SLOT_MORE = "more"

ENTITY_PROGRAMME = "programme"
ENTITY_LEVEL = "level"
ENTITY_APPLICANT_PROFILE = "applicant_profile"
ENTITY_OTHER_INSTITUTION = "other_institution"

# What analysts read in the transcripts to see how each answer went.
STATUS_ANSWERED = "answered"
STATUS_NOT_STATED = "not_stated"
STATUS_ASKED_PROGRAMME = "asked_programme"
STATUS_OUT_OF_SCOPE = "out_of_scope"
