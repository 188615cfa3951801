"""The topics facts are filed under, shared by the builder, the query API and the actions."""

DEADLINES = "deadlines"
FEES = "fees"
PREREQUISITES = "prerequisites"
CAREERS = "careers"
DOCUMENTS = "documents"
ADMISSION = "admission"
TRACKS = "tracks"
CURRICULUM = "curriculum"
INTERNSHIPS = "internships"
LOCATION = "location"
LANGUAGE = "language"
DEGREE = "degree"
CAPACITY = "capacity"
DURATION = "duration"
OVERVIEW = "overview"
CONTACT = "contact"
START_DATE = "start_date"
CREDITS = "credits"
STUDY_MODE = "study_mode"
SCHOLARSHIPS = "scholarships"
HOUSING = "housing"
INTERNATIONAL = "international"
ASSESSMENT = "assessment"
RECOGNITION = "recognition"
PARTNERS = "partners"

TOPICS = (
    DEADLINES,
    FEES,
    PREREQUISITES,
    CAREERS,
    DOCUMENTS,
    ADMISSION,
    TRACKS,
    CURRICULUM,
    INTERNSHIPS,
    LOCATION,
    LANGUAGE,
    DEGREE,
    CAPACITY,
    DURATION,
    OVERVIEW,
    CONTACT,
    START_DATE,
    CREDITS,
    STUDY_MODE,
    SCHOLARSHIPS,
    HOUSING,
    INTERNATIONAL,
    ASSESSMENT,
    RECOGNITION,
    PARTNERS,
)

# Every programme gets an explicit record for these when its page is silent on them.
CORE_TOPICS = (DEADLINES, FEES, PREREQUISITES, CAREERS)
