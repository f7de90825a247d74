"""The words demo evidence is made of: plausible, and plainly not any real member's."""

OPENINGS = [
    "In my {setting} the SENCO is",
    "As a {role} I am",
    "Our {setting} has been",
    "Since September staff in my {setting} have been",
    "For the last two years we have been",
]
PRESSURES = [
    "spending most of the week on EHCP paperwork rather than with pupils",
    "waiting months for an educational psychologist to visit",
    "unable to get speech and language therapy for pupils who need it",
    "covering for teaching assistants whose posts were cut",
    "told that the notional SEN budget must cover more pupils than ever",
    "chasing the local authority for banding decisions that keep changing",
    "given no training on adapting lessons for pupils with autism",
    "left out of the authority's consultation on its Safety Valve plan",
]
CONSEQUENCES = [
    "Pupils with SEND are not getting the support they are entitled to.",
    "Two colleagues have left teaching this year because of the workload.",
    "Families are waiting over a year for an assessment.",
    "We have had to cut the nurture group that kept several pupils in school.",
    "Staff are working evenings and weekends just to keep up.",
    "Mainstream schools are expected to do more with less every term.",
]
FIRST_NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Emma",
    "Farhan",
    "Grace",
    "Hywel",
    "Isla",
    "Jamal",
    "Kate",
    "Liam",
]
LAST_NAMES = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones"]
